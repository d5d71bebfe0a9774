import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { FAST_CHECK_VITEST, lazyBuildTest } from "../support/lazy-fast-check-vitest.ts";

const require = createRequire(import.meta.url);
const installed = path.join(path.dirname(require.resolve(`${FAST_CHECK_VITEST}/package.json`)), "lib", "vitest-fast-check.js");

describe("the lazy @fast-check/vitest patch (test/support/lazy-fast-check-vitest.ts, applied by vitest.config.ts)", () => {
  it("applies to the installed version (else every file importing it pays ~3 s again: update the patch)", () => {
    const patched = lazyBuildTest(readFileSync(installed, "utf8"));
    expect(patched).toBeDefined();
    expect(patched).toContain("Object.getOwnPropertyDescriptors(extraKeys)");
  });

  it("leaves other code alone", () => {
    expect(lazyBuildTest("export const x = 1;\n")).toBeUndefined();
    expect(lazyBuildTest("function buildTest(a) {\n\treturn a;\n}\n")).toBeUndefined();
  });

  it("keeps the API: .prop on test and on its modifiers, the same function on every read", () => {
    expect(typeof test.prop).toBe("function");
    expect(typeof test.skip.prop).toBe("function");
    expect(typeof test.concurrent.skip.prop).toBe("function");
    expect(test.skip).toBe(test.skip);
    expect(typeof test.each).toBe("function");
  });

  test.prop([fc.integer(), fc.integer()], { numRuns: 20 })("runs properties", (a, b) => {
    expect(a + b).toBe(b + a);
  });
});
