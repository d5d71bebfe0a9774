import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { traceToPcapng } from "../../sim/trace/index.ts";
import { formatReproduction } from "./format-reproduction.ts";
import type { Reproduction } from "./reproduce-incident.ts";

/**
 * Writes a reproduction into `dir`: `incident.json` (as validated), per run `<ID>.normalized.txt`, `<ID>.pcapng` and
 * `<ID>.txt` (PINs redacted when recorded), `reproduction.json` (matches, verdicts, trace hashes; no traces) and
 * `reproduction.txt` (what was printed). Returns the text.
 */
export async function writeReproduction(r: Reproduction, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const files = new Map<string, { normalized: string; pcapng: string; text: string }>();
  for (const run of r.runs) {
    const id = run.verdict.id;
    const paths = { normalized: join(dir, `${id}.normalized.txt`), pcapng: join(dir, `${id}.pcapng`), text: join(dir, `${id}.txt`) };
    await writeFile(paths.normalized, run.normalizedTrace);
    await writeFile(paths.pcapng, traceToPcapng(run.verdict.trace.entries, run.verdict.trace.startedAt));
    await writeFile(paths.text, run.verdict.trace.toText());
    files.set(id, paths);
  }
  const text = formatReproduction(r, files);
  await writeFile(join(dir, "incident.json"), `${JSON.stringify(r.incident, null, 2)}\n`);
  await writeFile(join(dir, "reproduction.txt"), text);
  const json = {
    incident: r.incident.id ?? null,
    seed: r.seed,
    reproduced: r.reproduced,
    matches: r.matches.slice(0, 10).map((m) => ({ id: m.entry.id, score: m.score, canProduce: m.canProduce, why: m.why })),
    runs: r.runs.map((run) => ({
      id: run.verdict.id,
      reproduced: run.reproduced,
      changes: run.changes,
      screens: run.verdict.observed.screens,
      guidance: run.verdict.observed.guidance,
      differences: run.verdict.differences,
      normalizedTraceSha256: run.normalizedTraceSha256,
      files: files.get(run.verdict.id),
    })),
  };
  await writeFile(join(dir, "reproduction.json"), `${JSON.stringify(json, null, 2)}\n`);
  return text;
}
