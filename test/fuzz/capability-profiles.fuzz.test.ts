import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { afterAll, describe, expect } from "vitest";
import { loadProfile, parseProfile } from "../../conformance/profile/load-profile.ts";
import { ProfileError } from "../../conformance/profile/profile-error.ts";
import { fuzzParameters } from "../support/fuzz-runs.ts";
import { fieldOfProblem, mutatedDoc, namesAMutatedField } from "./json-mutations.ts";

const PROFILES = "conformance/profiles";
/** The shipped example profiles (emulated, pcsc-reader, stand-in), parsed as plain JSON. */
const EXAMPLES: unknown[] = readdirSync(PROFILES)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(PROFILES, f), "utf8")) as unknown);

/** What a problem may name instead of a field path: the whole document. */
const WHOLE = ["(root)", "(file)"];

/** The profile, or the ProfileError's problems; anything else thrown fails the property. */
function parseOrProblems(run: () => unknown, file: string): { ok: true; profile: unknown } | { ok: false; problems: readonly string[] } {
  try {
    return { ok: true, profile: run() };
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileError);
    const { problems, message } = error as ProfileError;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(fieldOfProblem(p, WHOLE), `a problem line "<path>: <message>": ${p}`).toBeDefined();
    expect(message.startsWith(`capability profile ${file} is not valid:`)).toBe(true);
    expect(message).not.toMatch(/TypeError|Cannot read|undefined is not/);
    return { ok: false, problems };
  }
}

const fieldOf = (problem: string): string => fieldOfProblem(problem, WHOLE) ?? "(not a path)";

const dir = mkdtempSync(join(tmpdir(), "myna-fuzz-profile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fuzz: capability profiles (the ICS a vendor fills in for `conformance`)", () => {
  test("every shipped example parses", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(3);
    for (const e of EXAMPLES) expect(parseOrProblems(() => parseProfile(e, "example.json"), "example.json").ok).toBe(true);
  });

  test.prop([fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }))], {
    ...fuzzParameters(1000),
  })("any value (JSON or not) is a profile or a ProfileError naming a path per problem", (value) => {
    parseOrProblems(() => parseProfile(value, "fuzz.json"), "fuzz.json");
  });

  test.prop([mutatedDoc(EXAMPLES)], fuzzParameters(1500))("a mutated example is a profile, or every problem names a mutated field, its object or a sibling", ({ doc, mutations }) => {
    const outcome = parseOrProblems(() => parseProfile(doc, "mutated.json"), "mutated.json");
    if (outcome.ok) {
      // What parses is stable.
      expect(parseProfile(JSON.parse(JSON.stringify(outcome.profile)))).toEqual(outcome.profile);
      return;
    }
    for (const p of outcome.problems) expect(namesAMutatedField(fieldOf(p), mutations), `${p} (mutations ${JSON.stringify(mutations)})`).toBe(true);
  });

  test.prop([fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), mutatedDoc(EXAMPLES, 2).map(({ doc }) => JSON.stringify(doc).slice(0, -1)))], {
    ...fuzzParameters(200),
  })("any file content (text, bytes, a cut-off profile) loads or is a ProfileError", async (content) => {
    const file = join(dir, "profile.json");
    writeFileSync(file, content);
    try {
      await loadProfile(file);
    } catch (error) {
      expect(error).toBeInstanceOf(ProfileError);
      for (const p of (error as ProfileError).problems) expect(fieldOfProblem(p, WHOLE), p).toBeDefined();
    }
  });
});
