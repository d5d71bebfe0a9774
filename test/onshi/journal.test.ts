import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Journal, JournalCorruptError } from "../../sim/onshi/journal.ts";

type Entry = { n: number; text?: string };
const parse = (value: unknown): Entry => {
  if (typeof value !== "object" || value === null || typeof (value as Entry).n !== "number") throw new TypeError("not an entry");
  return value as Entry;
};

const dirs: string[] = [];
async function journalFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "onshi-journal-"));
  dirs.push(dir);
  return path.join(dir, "nested", "journal.jsonl");
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("the append-only journal", () => {
  it("replays everything appended before close", async () => {
    const file = await journalFile();
    const first = await Journal.open(file, { parse });
    expect(first.entries).toEqual([]);
    for (let n = 0; n < 5; n++) await first.journal.append({ n, text: "日本語 and \n newline" });
    await first.journal.close();
    const again = await Journal.open(file, { parse });
    expect(again.entries.map((e) => e.n)).toEqual([0, 1, 2, 3, 4]);
    expect(again.entries[0]?.text).toBe("日本語 and \n newline");
    await again.journal.close();
  });

  it("groups concurrent appends into fewer fsynced commits, and acknowledges each only when written", async () => {
    const file = await journalFile();
    const { journal } = await Journal.open(file, { parse });
    await Promise.all(Array.from({ length: 200 }, (_, n) => journal.append({ n })));
    expect(journal.stats.appends).toBe(200);
    expect(journal.stats.commits).toBeLessThan(200);
    expect((await readFile(file, "utf8")).trim().split("\n")).toHaveLength(200);
    await journal.close();
  });

  it("tolerates a torn last line: warns, cuts it off, and later appends start on a clean line", async () => {
    const file = await journalFile();
    const { journal } = await Journal.open(file, { parse });
    await journal.append({ n: 1 });
    await journal.append({ n: 2 });
    await journal.close();
    await appendFile(file, '{"n":3,"te');
    const warnings: string[] = [];
    const reopened = await Journal.open(file, { parse, onWarning: (m) => warnings.push(m) });
    expect(reopened.entries.map((e) => e.n)).toEqual([1, 2]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("torn last line 3");
    await reopened.journal.append({ n: 4 });
    await reopened.journal.close();
    const third = await Journal.open(file, { parse, onWarning: (m) => warnings.push(m) });
    expect(third.entries.map((e) => e.n)).toEqual([1, 2, 4]);
    expect(warnings).toHaveLength(1);
    await third.journal.close();
  });

  it("tolerates a last line that ends but is not an entry (zero-filled tail after a crash)", async () => {
    const file = await journalFile();
    await (await Journal.open(file, { parse })).journal.close();
    await writeFile(file, '{"n":1}\n\u0000\u0000\u0000\n');
    const warnings: string[] = [];
    const { journal, entries } = await Journal.open(file, { parse, onWarning: (m) => warnings.push(m) });
    expect(entries).toEqual([{ n: 1 }]);
    expect(warnings).toHaveLength(1);
    expect((await stat(file)).size).toBe(8);
    await journal.close();
  });

  it("refuses a damaged line in the middle, naming the line", async () => {
    const file = await journalFile();
    const { journal } = await Journal.open(file, { parse });
    await journal.close();
    await writeFile(file, '{"n":1}\n{"n":\n{"n":3}\n');
    await expect(Journal.open(file, { parse })).rejects.toThrow(JournalCorruptError);
    await expect(Journal.open(file, { parse })).rejects.toThrow(/line 2/);
  });

  it("gives every line an id and skips a duplicated line on replay, with a warning (idempotent replay)", async () => {
    const file = await journalFile();
    const { journal } = await Journal.open(file, { parse });
    for (let n = 1; n <= 3; n++) await journal.append({ n });
    await journal.close();
    const lines = (await readFile(file, "utf8")).trim().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2, 3]);
    await appendFile(file, `${lines[2]}\n`);
    const warnings: string[] = [];
    const again = await Journal.open(file, { parse, onWarning: (m) => warnings.push(m) });
    expect(again.entries).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(warnings).toEqual([expect.stringMatching(/line 4 repeats entry 3/)]);
    await again.journal.append({ n: 4 });
    await again.journal.close();
    const last = (await readFile(file, "utf8")).trim().split("\n").at(-1) ?? "";
    expect(JSON.parse(last)).toEqual({ seq: 4, n: 4 });
  });

  it("reads a journal written before ids (lines without seq) and continues it with ids", async () => {
    const file = await journalFile();
    await (await Journal.open(file, { parse })).journal.close();
    await writeFile(file, '{"n":1}\n{"n":2}\n');
    const { journal, entries } = await Journal.open(file, { parse });
    expect(entries).toEqual([{ n: 1 }, { n: 2 }]);
    await journal.append({ n: 3 });
    await journal.close();
    expect((await Journal.open(file, { parse })).entries).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it("rejects appends after close", async () => {
    const { journal } = await Journal.open(await journalFile(), { parse, sync: "none" });
    await journal.close();
    await expect(journal.append({ n: 1 })).rejects.toThrow(/closed/);
  });
});
