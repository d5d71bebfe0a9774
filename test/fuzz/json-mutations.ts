import { fc } from "@fast-check/vitest";
import { parseFieldPath } from "../../sim/contract/field-path.ts";

/**
 * Mutations of a valid JSON document for the fuzz properties of the JSON edges (service bodies, journal lines,
 * incident files, capability profiles): a field dropped, a field's value replaced by something of another type or out
 * of range, an unknown field added. Each mutation says which path it touched, so that a property can check that an
 * error names that field (or its object, or a field of the same object for cross-field rules).
 */

export type JsonPath = (string | number)[];

/** One edit of a document. */
export type Mutation = { kind: "drop"; path: JsonPath } | { kind: "set"; path: JsonPath; value: unknown } | { kind: "add"; path: JsonPath; value: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every path to a value inside `value` (the root excluded), depth first. */
export function pathsOf(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const children: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : isObject(value) ? Object.entries(value) : [];
  return children.flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
}

/** Every path to an object (the root included): where a field can be added. */
export function objectPathsOf(value: unknown): JsonPath[] {
  return [[], ...pathsOf(value)].filter((p) => isObject(getAt(value, p)));
}

export function getAt(value: unknown, path: JsonPath): unknown {
  let v = value;
  for (const k of path) v = (v as Record<string | number, unknown> | undefined)?.[k];
  return v;
}

/** Sets an own property (even `__proto__`, as JSON.parse would). */
function setOwn(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** `doc` with the mutations applied (a deep copy; the input is not changed). Paths that no longer exist are skipped. */
export function applyMutations(doc: unknown, mutations: readonly Mutation[]): unknown {
  const copy = structuredClone(doc);
  const root = { r: copy } as Record<string, unknown>;
  for (const m of mutations) {
    const full: JsonPath = ["r", ...m.path];
    const parent = getAt(root, full.slice(0, -1));
    const key = full.at(-1) as string | number;
    if (typeof parent !== "object" || parent === null) continue;
    if (m.kind === "drop") {
      if (Array.isArray(parent) && typeof key === "number") parent.splice(key, 1);
      else delete (parent as Record<string | number, unknown>)[key];
    } else {
      setOwn(parent as Record<string | number, unknown>, key, m.value);
    }
  }
  return root.r;
}

/** Bytes as standard base64. */
export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");

/** Values of every JSON type, biased to the edges: wrong types, huge and negative numbers, long strings, base64 garbage. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1, -0, 0.5, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 31), 4_294_967_296, 600, 601, "", " ", "\u0000", "日本語", "ｶﾞ", "AAAA", "====", "A===", "AA=A", "not base64!", "-_-_", [], {}, [[]], { a: {} }, ["host"]),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(65, 101, 1_000, 5_462, 22_000, 70_000).map((n) => "A".repeat(n)),
  { weight: 3, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 300 }).map(b64) },
  // DER-looking garbage: a SEQUENCE tag and length, then anything (what a certificate or SPKI parser sees first).
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ minLength: 14, maxLength: 200 })).map(([len, rest]) => b64(Uint8Array.from([0x30, len, ...rest]))) },
  fc.base64String({ maxLength: 60 }),
  fc.stringMatching(/^\d{1,12}$/),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A key no schema knows, or one of the keys JavaScript treats specially. */
const newKey = fc.oneof(fc.constantFrom("pin", "seq", "__proto__", "constructor", "toString", "", " ", "type"), fc.string({ maxLength: 12 }));

/** One to `max` mutations of `doc`. */
export function mutationsOf(doc: unknown, max = 3): fc.Arbitrary<Mutation[]> {
  const paths = pathsOf(doc);
  const objects = objectPathsOf(doc);
  const add = fc.tuple(fc.constantFrom(...objects), newKey, nastyValue).map(([at, key, value]): Mutation => ({ kind: "add", path: [...at, key], value }));
  // A document without fields (`{}`) can only gain one.
  const one: fc.Arbitrary<Mutation> =
    paths.length === 0
      ? add
      : fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom(...paths).map((path): Mutation => ({ kind: "drop", path })) },
          { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...paths), nastyValue).map(([path, value]): Mutation => ({ kind: "set", path, value })) },
          { weight: 1, arbitrary: add },
        );
  return fc.array(one, { minLength: 1, maxLength: max });
}

/** A mutated copy of one of `docs` with the mutations that made it. */
export function mutatedDoc(docs: readonly unknown[], max = 3): fc.Arbitrary<{ doc: unknown; mutations: Mutation[] }> {
  return fc.oneof(...docs.map((d) => mutationsOf(d, max).map((mutations) => ({ doc: applyMutations(d, mutations), mutations }))));
}

/**
 * Whether an error's field path (`formatFieldPath`'s text, e.g. `device.os` or `env[":"]`, or `""` for the whole
 * document; a text that is not such a path is not) is plausibly about one of
 * the mutated paths: the path itself, an object around it, a field inside it, or a field of the same object (rules that
 * tie fields of one object together). Array items shift when one is dropped, so indexes compare equal to any index.
 */
export function namesAMutatedField(field: string, mutations: readonly Mutation[]): boolean {
  const parts = parseFieldPath(field);
  if (parts === undefined) return false;
  const same = (a: string | number, b: string | number) => String(a) === String(b) || (/^\d+$/.test(String(a)) && /^\d+$/.test(String(b)));
  const prefix = (short: readonly (string | number)[], long: readonly (string | number)[]) => short.length <= long.length && short.every((k, i) => same(k, long[i] as string | number));
  return mutations.some((m) => {
    const parent = m.path.slice(0, -1);
    return prefix(parts, m.path) || prefix(m.path, parts) || (parts.length === m.path.length && prefix(parent, parts));
  });
}

/**
 * The field path a problem line `<path>: <message>` names: `""` for one of the `wholeDocument` words (e.g. `(file)`),
 * the path's text otherwise; undefined when the line does not start with a path (a quoted key may itself hold ": ",
 * so the first prefix that reads as a whole path wins).
 */
export function fieldOfProblem(problem: string, wholeDocument: readonly string[]): string | undefined {
  for (let at = problem.indexOf(": "); at > 0; at = problem.indexOf(": ", at + 1)) {
    const head = problem.slice(0, at);
    if (wholeDocument.includes(head)) return "";
    if (parseFieldPath(head) !== undefined && /\S/.test(problem.slice(at + 2, at + 3))) return head;
  }
  return undefined;
}
