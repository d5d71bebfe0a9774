import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { formatFieldPath, parseFieldPath } from "../../sim/contract/field-path.ts";

describe("field paths in error messages", () => {
  it("joins plain names and indices with dots and quotes every other key", () => {
    expect(formatFieldPath([])).toBe("");
    expect(formatFieldPath(["mutants", 0, "kills"])).toBe("mutants.0.kills");
    expect(formatFieldPath(["mutants", 3, "env", ":"])).toBe('mutants.3.env[":"]');
    expect(formatFieldPath(["env", "a.b", "c"])).toBe('env["a.b"].c');
    expect(formatFieldPath(["x", "0"])).toBe('x["0"]');
    expect(formatFieldPath(["暗証番号"])).toBe('["暗証番号"]');
    expect(formatFieldPath(["card-face", "]\"["])).toBe('card-face["]\\"["]');
  });

  it("refuses texts that are not paths", () => {
    for (const bad of [".a", "a..b", "a.", "a[", 'a["x"', 'a["x"]b', "a b", "[x]", "a.[0]"]) expect(parseFieldPath(bad), bad).toBeUndefined();
  });

  test.prop([fc.array(fc.oneof(fc.nat(), fc.string(), fc.constantFrom(".", ":", "[", "]", '"', "0", "a.b", "x y")), { maxLength: 6 })], { numRuns: 500 })(
    "reads back what it wrote, for any keys",
    (path) => {
      expect(parseFieldPath(formatFieldPath(path))).toEqual(path);
    },
  );
});
