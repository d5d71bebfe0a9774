import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { HARDWARE_TEST_FILES, ISOLATED_TEST_FILES, SLOW_TEST_FILES_FIRST } from "../support/test-projects.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function testFiles(dir = "test"): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return testFiles(relative);
    return entry.name.endsWith(".test.ts") ? [relative] : [];
  });
}

/** A glob of test-projects.ts (only `*` within a path segment is used there) as a RegExp. */
function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}$`);
}

const self = "test/tools/test-projects.test.ts";
const files = testFiles().sort();
const source = (file: string): string => readFileSync(path.join(root, file), "utf8");

describe("the test projects of vitest.config.ts (test/support/test-projects.ts)", () => {
  it("the hardware project is exactly the files of the hardware tier (they import test/support/hardware-tier.ts)", () => {
    const tier = files.filter((f) => /from "[./]*\/support\/hardware-tier\.ts"/.test(source(f)));
    expect(tier.length).toBeGreaterThan(0);
    expect([...HARDWARE_TEST_FILES].sort()).toEqual(tier);
  });

  it("every file that talks to pcscd itself (PC/SC context, host connections, a reader slot in pcscd) is in the hardware project", () => {
    const pcsc = /pcsc-context\.ts|pcsc-transceiver\.ts|pcsc-binding\.ts|pcsc-hosts\.ts|general-purpose-reader-slot\.ts|GeneralPurposeReaderSlot/;
    const outside = files.filter((f) => f !== self && pcsc.test(source(f)) && !HARDWARE_TEST_FILES.includes(f));
    expect(outside).toEqual([]);
  });

  it("names only files that exist, each in one project", () => {
    for (const glob of [...HARDWARE_TEST_FILES, ...ISOLATED_TEST_FILES, ...SLOW_TEST_FILES_FIRST]) {
      expect(files.filter((f) => globToRegExp(glob).test(f)), glob).not.toEqual([]);
    }
    const isolated = files.filter((f) => ISOLATED_TEST_FILES.some((glob) => globToRegExp(glob).test(f)));
    expect(isolated.filter((f) => HARDWARE_TEST_FILES.includes(f))).toEqual([]);
  });

  it("a file that mocks a module runs isolated (a mock reaches only modules loaded after it)", () => {
    const mocking = files.filter((f) => f !== self && /\bvi\.(mock|doMock)\(/.test(source(f)));
    const isolated = (f: string) => ISOLATED_TEST_FILES.some((glob) => globToRegExp(glob).test(f)) || HARDWARE_TEST_FILES.includes(f);
    expect(mocking.filter((f) => !isolated(f))).toEqual([]);
  });
});
