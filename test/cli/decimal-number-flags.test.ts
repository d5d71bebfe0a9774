import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseNumberFlag } from "../../cli/parse-number-flag.ts";
import { runBounded } from "./run-bounded.ts";

/** Where a command that wrongly went ahead would write: never the working tree. */
const scratch = mkdtempSync(join(tmpdir(), "myna-numbers-"));

describe("number flags take decimal numbers only", () => {
  test.each(["0x10", "0X10", "0b101", "0o17", "1e2", "+5", " 5", "5 ", "Infinity", "1_000", "５"])("parseNumberFlag refuses %j", (text) => {
    expect(() => parseNumberFlag(text, "--patients", { min: 0, max: 5000 })).toThrow(/--patients: must be/);
    expect(() => parseNumberFlag(text, "--phone-share", { min: 0, max: 1e9, integer: false })).toThrow(/--phone-share: must be/);
  });

  test.each([
    ["16", 16],
    ["007", 7],
    ["0", 0],
  ])("parseNumberFlag takes %j", (text, n) => {
    expect(parseNumberFlag(text, "--patients", { min: 0, max: 5000 })).toBe(n);
  });

  test.each([
    ["0.25", 0.25],
    [".5", 0.5],
    ["1", 1],
  ])("a fractional flag takes %j", (text, n) => {
    expect(parseNumberFlag(text, "--phone-share", { min: 0, max: 1, integer: false })).toBe(n);
  });

  test.each([
    [["run", "--out", scratch, "--patients", "0x10"], "--patients"],
    [["run", "--out", scratch, "--seed", "0x10"], "--seed"],
    [["run", "--out", scratch, "--phone-share", "0x0"], "--phone-share"],
    [["attach", "--vpcd", "127.0.0.1:1", "--device", "iphone", "--hold-ms", "0x10"], "--hold-ms"],
    [["serve", "onshi", "--data", scratch, "--port", "0x50"], "--port"],
  ])("%j → exit 2 naming %s", async (args, flag) => {
    const { code, stderr } = await runBounded(args);
    expect(stderr).toContain(`error: ${flag}`);
    expect(code).toBe(2);
  });
});
