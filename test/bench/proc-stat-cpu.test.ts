import { describe, expect, it } from "vitest";
import { cpuMsOfStat } from "../../bench/proc-stat-cpu.ts";

describe("CPU time from /proc/…/stat", () => {
  it("reads utime + stime (and the reaped children's) after the last ')' of the command name", () => {
    // pid (comm) state, then fields 4…: utime is the 14th field (11 here), stime 12, cutime 13, cstime 14.
    const stat = "42 (node (a) b) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16";
    expect(cpuMsOfStat(stat)).toBe((11 + 12) * 10);
    expect(cpuMsOfStat(stat, true)).toBe((11 + 12 + 13 + 14) * 10);
  });

  it("is undefined for a text that is not a stat line", () => {
    expect(cpuMsOfStat("")).toBeUndefined();
    expect(cpuMsOfStat("42 (x) S 1 2")).toBeUndefined();
  });
});
