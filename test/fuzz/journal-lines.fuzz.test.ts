import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { DataFileError } from "../../sim/onshi/data-file-error.ts";
import { parseJournalEvent } from "../../sim/onshi/journal-event-schema.ts";
import type { JournalEvent } from "../../sim/onshi/journal-event.ts";
import { Journal, JournalCorruptError } from "../../sim/onshi/journal.ts";
import { OnshiService } from "../../sim/onshi/onshi-service.ts";
import { CertificateLinks } from "../../sim/onshi/certificate-links.ts";
import { SERVICE_FILES } from "../../sim/onshi/service-files.ts";
import { CLINIC, PHARMACY, testAuthority } from "../onshi/support/onshi-fixture.ts";
import { fuzzParameters } from "../support/fuzz-runs.ts";
import { mutatedDoc, namesAMutatedField } from "./json-mutations.ts";
import { openOnshiFuzzWorld } from "./onshi-fuzz-world.ts";

/** The lines of a real journal: every event type, written by a service on a data directory. */
let VALID_LINES: string[] = [];
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "myna-fuzz-journal-"));
  const dataDir = path.join(work, "source");
  const world = await openOnshiFuzzWorld({ dataDir });
  const answered = await world.postJson("/qualifications", { ...(await world.validQualifyBody()), consent: undefined });
  const id = answered.body.qualificationId as string;
  await world.postJson(`/qualifications/${id}/consent`, { specificHealthCheckInfo: true, pharmacistsInfo: false, diagnosisInfo: true, operationInfo: false, limitApplicationCertificateRelatedConsFlg: true });
  await world.postJson("/qualifications", { ...(await world.validQualifyBody()), deviceSignature: Buffer.alloc(256, 1).toString("base64") });
  await world.postJson("/insurance-queries", { insurerNumber: "33120015", insuredIdentificationNumber: "1", birthdate: "19800401" });
  await world.postJson("/readers", { readerId: "fuzz-reader", publicKey: world.readerKey });
  await world.postJson(`/facilities/${CLINIC.medicalInstitutionCode}/opt-out`, {});
  await world.postJson("/admin/links", { serialNumber: "0a1b2c", personaId: "P0002", deviceKind: "iphone" }, `Bearer ${world.service.adminToken}`);
  await world.postJson("/admin/revocations", { serialNumber: "0a1b2c", date: "2025-10-01T00:00:00Z" }, `Bearer ${world.service.adminToken}`);
  expect(world.internalErrors).toEqual([]);
  await world.close();
  VALID_LINES = (await readFile(path.join(dataDir, SERVICE_FILES.journal), "utf8")).split("\n").filter((l) => l !== "");
  const types = new Set(VALID_LINES.map((l) => (JSON.parse(l) as { type: string }).type));
  expect([...types].sort()).toEqual(["challenge-used", "consent", "link", "opt-out", "qualified", "reader-registered", "revocation"].filter((t) => types.has(t)));
  expect(types.size).toBeGreaterThanOrEqual(6);
});
afterAll(() => rm(work, { recursive: true, force: true }));

const events = (): Record<string, unknown>[] =>
  VALID_LINES.map((l) => {
    const { seq: _seq, ...event } = JSON.parse(l) as Record<string, unknown>;
    return event;
  });

/** parseJournalEvent's error: a TypeError `<field>: <message>` (`line` for the whole line). */
function parseOrField(value: unknown): { ok: true; event: JournalEvent } | { ok: false; field: string } {
  try {
    return { ok: true, event: parseJournalEvent(value) };
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    const message = (error as Error).message;
    expect(message).toMatch(/^(line|[^\s:]+): \S/);
    expect(message).not.toMatch(/Cannot read|is not a function|undefined is not/);
    const field = message.slice(0, message.indexOf(": "));
    return { ok: false, field: field === "line" ? "" : field };
  }
}

/** A line that is definitely not JSON (and not blank), without a newline. */
const notJson = fc.oneof(
  fc.string({ maxLength: 60 }).filter((s) => {
    if (s.includes("\n") || s.trim() === "") return false;
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
  fc.constantFrom("\u0000\u0000\u0000\u0000", '{"seq":', "{", "}", "nul", "[1,", '{"type":"opt-out"'),
);

/** A line that is JSON but definitely not an event: random JSON with no event type, or a valid line with a required field broken. */
function notEvent(): fc.Arbitrary<string> {
  const broken = fc.tuple(fc.nat(), fc.constantFrom<[string, unknown]>(["type", "nope"], ["type", undefined], ["at", "yesterday"], ["at", undefined], ["seq", 0], ["seq", -1], ["seq", "1"], ["seq", 1.5], ["seq", null]));
  return fc.oneof(
    fc
      .jsonValue({ maxDepth: 3 })
      .filter((v) => typeof v !== "object" || v === null || Array.isArray(v) || !("type" in v))
      .map((v) => JSON.stringify(v)),
    broken.map(([i, [key, value]]) => {
      const line = JSON.parse(VALID_LINES[i % VALID_LINES.length] as string) as Record<string, unknown>;
      if (value === undefined) delete line[key];
      else line[key] = value;
      return JSON.stringify(line);
    }),
  );
}

type Inserted = { kind: "blank" | "not-json" | "not-event" | "duplicate" | "legacy"; text: string };

/** Lines inserted into a valid journal; `duplicate` repeats a valid line (same seq), `legacy` is a valid line without seq. */
function inserted(): fc.Arbitrary<Inserted> {
  return fc.oneof(
    fc.constantFrom("", " ", "\t", "\r", "\u3000", "\u00a0 ").map((text): Inserted => ({ kind: "blank", text })),
    notJson.map((text): Inserted => ({ kind: "not-json", text })),
    notEvent().map((text): Inserted => ({ kind: "not-event", text })),
    fc.nat().map((i): Inserted => ({ kind: "duplicate", text: VALID_LINES[i % VALID_LINES.length] as string })),
    fc.nat().map((i): Inserted => {
      const { seq: _seq, ...event } = JSON.parse(VALID_LINES[i % VALID_LINES.length] as string) as Record<string, unknown>;
      return { kind: "legacy", text: JSON.stringify(event) };
    }),
  );
}

/**
 * What opening must give, worked out from the README's rules: blank lines are skipped; a line whose seq is not above
 * the last is a duplicate, skipped; a last line without newline, or a last line that is not JSON, is torn (cut off);
 * any other line that is not JSON or not an event is corruption at that line.
 */
function expectedOpen(lines: { kind: Inserted["kind"] | "valid"; text: string }[], torn: boolean): { ok: true; entries: unknown[]; tornWarning: boolean } | { ok: false; line: number } {
  const entries: unknown[] = [];
  let lastSeq = 0;
  for (const [i, line] of lines.entries()) {
    const last = i === lines.length - 1;
    if (torn && last && line.text !== "") return { ok: true, entries, tornWarning: true }; // "" unterminated: no line at all
    if (line.text.trim() === "") continue;
    if (line.kind === "not-json") {
      if (last) return { ok: true, entries, tornWarning: true };
      return { ok: false, line: i + 1 };
    }
    if (line.kind === "not-event") return { ok: false, line: i + 1 };
    const { seq, ...event } = JSON.parse(line.text) as Record<string, unknown>;
    if (typeof seq === "number") {
      if (seq <= lastSeq) continue;
      lastSeq = seq;
    }
    entries.push(event);
  }
  return { ok: true, entries, tornWarning: false };
}

let fileNo = 0;
async function journalWith(content: string): Promise<string> {
  const dir = path.join(work, `j${fileNo++}`);
  const file = path.join(dir, SERVICE_FILES.journal);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(file, content);
  return file;
}

describe("fuzz: journal lines (sim/onshi's onshi-journal.jsonl, replayed at start)", () => {
  test.prop([fc.jsonValue({ maxDepth: 4 })], fuzzParameters(1000))("any JSON value is an event or a TypeError naming its field", (value) => {
    parseOrField(value);
  });

  test.prop([fc.constant(null).chain(() => mutatedDoc(events()))], fuzzParameters(1500))(
    "a mutated event is an event, or a TypeError naming a mutated field, its object or a sibling",
    ({ doc, mutations }) => {
      const outcome = parseOrField(doc);
      if (!outcome.ok) expect(namesAMutatedField(outcome.field, mutations), `${outcome.field} (${JSON.stringify(mutations)})`).toBe(true);
    },
  );

  test.prop([fc.array(fc.tuple(fc.nat(), fc.constant(null).chain(() => inserted())), { maxLength: 4 }), fc.boolean(), fc.boolean()], fuzzParameters(250))(
    "a journal with lines inserted opens with what the rules say (valid prefix, torn tail cut) or refuses naming the file and line",
    async (insertions, torn, appendTornPiece) => {
      const lines: { kind: Inserted["kind"] | "valid"; text: string }[] = VALID_LINES.map((text) => ({ kind: "valid", text }));
      for (const [at, line] of insertions) lines.splice(at % (lines.length + 1), 0, line);
      if (appendTornPiece) lines.push({ kind: "not-json", text: (VALID_LINES[0] as string).slice(0, 17) });
      const file = await journalWith(lines.map((l) => l.text).join("\n") + (torn ? "" : "\n"));
      const expected = expectedOpen(lines, torn);
      const warnings: string[] = [];
      try {
        const opened = await Journal.open(file, { parse: parseJournalEvent, sync: "none", onWarning: (m) => warnings.push(m) });
        await opened.journal.close();
        expect(expected.ok, `opened, expected a refusal at line ${expected.ok ? "" : expected.line}`).toBe(true);
        if (!expected.ok) return;
        expect(opened.entries).toEqual(expected.entries);
        expect(warnings.some((w) => w.includes("torn last line"))).toBe(expected.tornWarning);
        for (const w of warnings) expect(w.startsWith(`${file}: `)).toBe(true);
        // The torn tail is cut off: reopening gives the same entries without a torn warning.
        const again = await Journal.open(file, { parse: parseJournalEvent, sync: "none", onWarning: (m) => expect(m).not.toContain("torn") });
        await again.journal.close();
        expect(again.entries).toEqual(expected.entries);
      } catch (error) {
        if (!(error instanceof JournalCorruptError)) throw error;
        expect(expected, error.message).toEqual({ ok: false, line: error.line });
        expect(error).toBeInstanceOf(DataFileError);
        expect(error.file).toBe(file);
        expect(error.message.startsWith(`${file}: line ${error.line} `)).toBe(true);
      }
    },
  );

  test.prop([fc.constant(null).chain(() => fc.array(fc.tuple(fc.nat(), fc.oneof(mutatedDoc(VALID_LINES.map((l) => JSON.parse(l) as unknown), 2).map(({ doc }) => JSON.stringify(doc)), inserted().map((l) => l.text))), { minLength: 1, maxLength: 3 })), fc.boolean()], {
    ...fuzzParameters(150),
  })("the service replays a damaged journal or refuses to start with a DataFileError naming the journal and a damaged line — never a TypeError", async (damage, replace) => {
    const lines = VALID_LINES.map((text) => ({ text, damaged: false }));
    for (const [at, text] of damage) lines.splice(at % (lines.length + (replace ? 0 : 1)), replace ? 1 : 0, { text, damaged: true });
    const file = await journalWith(`${lines.map((l) => l.text).join("\n")}\n`);
    const dataDir = path.dirname(file);
    let service: OnshiService | undefined;
    try {
      service = await OnshiService.open({ authority: await testAuthority(), facilities: [CLINIC, PHARMACY], links: new CertificateLinks(), dataDir, sync: "none" });
      // It serves: its usage is readable and a challenge can be issued.
      expect(service.allUsage().total.onlineQualifications).toBeGreaterThanOrEqual(0);
      service.issueChallenge(service.facilities.authenticate(CLINIC.medicalInstitutionCode, CLINIC.secret) ?? expect.unreachable());
    } catch (error) {
      expect(error, String(error)).toBeInstanceOf(DataFileError);
      const corrupt = error as JournalCorruptError;
      expect(corrupt.file).toBe(file);
      expect(corrupt.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: line \\d+ `));
      expect(lines[corrupt.line - 1]?.damaged, `${corrupt.message} (damaged lines ${lines.flatMap((l, i) => (l.damaged ? [i + 1] : [])).join(", ")})`).toBe(true);
      expect(corrupt.message).not.toMatch(/Cannot read properties|is not a function/);
    } finally {
      await service?.close();
    }
  });

  test("the fixture's journal replays as it is", async () => {
    const file = await journalWith(`${VALID_LINES.join("\n")}\n`);
    const service = await OnshiService.open({ authority: await testAuthority(), facilities: [CLINIC, PHARMACY], links: new CertificateLinks(), dataDir: path.dirname(file), sync: "none" });
    expect(service.allUsage().total.onlineQualifications).toBeGreaterThanOrEqual(2);
    await service.close();
  });
});
