import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatReadpathBench } from "../../bench/readpath/format-readpath-bench.ts";
import type { ReadpathBenchResult } from "../../bench/readpath/readpath-result.ts";

/** A real `bench readpath --counters 1 --seconds 0.3 --mix phone --devices 1 --json` result, recorded 2026-11-29. */
const recorded = JSON.parse(readFileSync(new URL("./fixtures/readpath-result-phone-1.json", import.meta.url), "utf8")) as ReadpathBenchResult & { machine: string };

describe("bench readpath's table", () => {
  it("prints each row against the signing bound and against the HTTP floor of the same run", () => {
    const text = formatReadpathBench(recorded, recorded.machine);
    const row = recorded.rows[0];
    const floor = recorded.floor;
    if (row === undefined || floor === undefined) throw new Error("the fixture has a row and a floor");
    expect(text).toMatch(/^\| phone \| 1 \| 337 \| 2\.6 \| 6\.3 \|/m);
    expect(text).toContain(`HTTP floor (same run): 1,121 requests/s = ${(floor.perSecond / recorded.signing.perSecond).toFixed(2)} of the signing bound`);
    expect(text).toContain(`Each row ÷ the HTTP floor (the share of the reachable rate it reaches): phone × 1 ${(row.qualifiedPerSecond / floor.perSecond).toFixed(2)}.`);
  });

  it("leaves the floor lines out when the run measured no floor", () => {
    const { floor: _floor, ...withoutFloor } = recorded;
    const text = formatReadpathBench(withoutFloor, recorded.machine);
    expect(text).not.toContain("HTTP floor");
    expect(text).not.toContain("÷ the HTTP floor");
    expect(text).toContain("RSA-2048 signing bound (same run)");
  });
});
