import { readFile } from "node:fs/promises";

/**
 * The service journal's lines, parsed, as observations for the judges: a missing file reads as none, and a line that
 * is not JSON (the torn tail of a journal being written) is left out.
 */
export async function readJournalLines(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((l) => l.trim().length > 0)
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}
