import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { IncidentError, parseIncident } from "../../scenarios/incidents/parse-incident.ts";
import { fuzzParameters } from "../support/fuzz-runs.ts";
import { applyMutations, fieldOfProblem, getAt, mutatedDoc, namesAMutatedField, objectPathsOf, pathsOf } from "./json-mutations.ts";
import type { Mutation } from "./json-mutations.ts";

const INCIDENTS = "scenarios/incidents";
/** The shipped example incidents, parsed as plain JSON. */
const EXAMPLES: unknown[] = readdirSync(INCIDENTS)
  .filter((f) => f.endsWith(".json") && f !== "incident.schema.json")
  .sort()
  .map((f) => JSON.parse(readFileSync(join(INCIDENTS, f), "utf8")) as unknown);

/** What a problem may name instead of a field path: the whole document. */
const WHOLE = ["(top level)", "(file)"];

/** The incident, or the IncidentError's problems (anything else thrown fails the property). */
function parseOrProblems(text: string): { ok: true } | { ok: false; problems: readonly string[]; message: string } {
  try {
    parseIncident(text);
    return { ok: true };
  } catch (error) {
    expect(error).toBeInstanceOf(IncidentError);
    const problems = (error as IncidentError).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(fieldOfProblem(p, WHOLE), `a problem line "<path>: <message>": ${p}`).toBeDefined();
    expect((error as Error).message).not.toMatch(/TypeError|Cannot read|undefined is not/);
    return { ok: false, problems, message: (error as Error).message };
  }
}

/** The field path a problem names (`""` for the whole file). */
const fieldOf = (problem: string): string => fieldOfProblem(problem, WHOLE) ?? "(not a path)";

/** A PIN-like value: four digits (a card's auth PIN), six (a signature PIN prefix), or written as a number. */
const pinLike = fc.oneof(fc.stringMatching(/^[0-9]{4}$/), fc.stringMatching(/^[0-9]{6}$/), fc.integer({ min: 1000, max: 9999 }));

type Placement = Extract<Mutation, { kind: "set" | "add" }>;

/** Where a PIN may be pasted: over any field, or as a new field of any object (`pin`, `password`…). */
function pinPlacements(doc: unknown): fc.Arbitrary<Placement> {
  return fc.oneof(
    fc.constantFrom(...pathsOf(doc)).map((path): Placement => ({ kind: "set", path, value: undefined })),
    fc.tuple(fc.constantFrom(...objectPathsOf(doc)), fc.constantFrom("pin", "PIN", "password", "暗証番号", "notes")).map(([at, key]): Placement => ({ kind: "add", path: [...at, key], value: undefined })),
  );
}

/** How a PIN is written into a text value: alone, in a sentence, or in a list. */
const pinWrapping = fc.constantFrom<(pin: string | number) => unknown>(
  (pin) => pin,
  (pin) => `PIN ${String(pin)}`,
  (pin) => `the patient said her PIN was ${String(pin)} and it failed`,
  (pin) => [pin],
  (pin) => ({ value: pin }),
);

const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

describe("fuzz: incident files (what a pilot coordinator writes for `reproduce`)", () => {
  test("every shipped example parses", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(5);
    for (const e of EXAMPLES) expect(parseOrProblems(JSON.stringify(e)).ok).toBe(true);
  });

  test.prop([fc.jsonValue({ maxDepth: 4 })], fuzzParameters(1000))("any JSON value is an incident or an IncidentError naming a path per problem", (value) => {
    parseOrProblems(JSON.stringify(value));
  });

  test.prop([fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("utf8")))], fuzzParameters(1000))(
    "any text is an incident or an IncidentError (never a SyntaxError)",
    (text) => {
      parseOrProblems(text);
    },
  );

  test.prop([mutatedDoc(EXAMPLES)], fuzzParameters(1500))("a mutated example is an incident, or every problem names a mutated field, its object or a sibling", ({ doc, mutations }) => {
    const outcome = parseOrProblems(JSON.stringify(doc));
    if (outcome.ok) return;
    for (const p of outcome.problems) expect(namesAMutatedField(fieldOf(p), mutations), `${p} (mutations ${JSON.stringify(mutations)})`).toBe(true);
  });

  test.prop(
    [
      fc.constantFrom(...EXAMPLES).chain((doc) => fc.tuple(fc.constant(doc), pinPlacements(doc), pinWrapping, pinLike, pinLike)),
      fc.constantFrom("json", "truncated", "garbage-after"),
      fc.nat(),
      fc.constantFrom(',"":x', "x", ":", "]", ",}", " tru", ",,"),
    ],
    fuzzParameters(1500),
  )("a PIN pasted into any field (even in a file that is not JSON) never appears in the error text", ([doc, placement, wrap, pin, otherPin], damage, cut, garbage) => {
    fc.pre(String(pin) !== String(otherPin));
    /** The file with `p` pasted at the placement, then damaged: cut after the PIN, or a stray token right after its value. */
    const file = (p: string | number): string => {
      const text = JSON.stringify(applyMutations(doc, [{ ...placement, value: wrap(p) }]));
      const at = text.indexOf(String(p)) + String(p).length;
      if (damage === "truncated") return text.slice(0, at + (cut % 12));
      const end = text[at] === '"' ? at + 1 : at;
      if (damage === "garbage-after") return `${text.slice(0, end)}${garbage}${text.slice(end)}`;
      return text;
    };
    const withPin = parseOrProblems(file(pin));
    if (withPin.ok) return;
    // The same file with another PIN is the baseline: a PIN that happens to be a number of a message (e.g. 6982) may
    // appear there too, but no more often than it does in the baseline.
    const baseline = parseOrProblems(file(otherPin));
    const baselineText = baseline.ok ? "" : baseline.message;
    expect(count(withPin.message, String(pin)), withPin.message).toBeLessThanOrEqual(count(baselineText, String(pin)));
  });

  test.prop([mutatedDoc(EXAMPLES)], fuzzParameters(300))("what parses is stable: parsing it again gives the same incident", ({ doc }) => {
    let first: unknown;
    try {
      first = parseIncident(JSON.stringify(doc));
    } catch {
      return;
    }
    expect(parseIncident(JSON.stringify(first))).toEqual(first);
    expect(getAt(first, ["facilityType"])).toEqual(expect.any(String));
  });
});
