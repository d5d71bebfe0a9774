import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runBounded } from "./run-bounded.ts";

describe("run: the day's date comes from the seed or --date, and is printed", () => {
  test("--date is printed, repeated in the hint and saved in summary.json", async () => {
    const out = mkdtempSync(join(tmpdir(), "myna-run-date-"));
    const { code, stdout } = await runBounded(["run", "--patients", "1", "--seed", "5", "--date", "2027-03-04", "--out", out], 60_000);
    expect(code).toBe(0);
    expect(stdout).toContain("seed 5, date 2027-03-04 (repeat with --seed 5 --date 2027-03-04)");
    const [dir] = readdirSync(out);
    expect(JSON.parse(readFileSync(join(out, dir as string, "summary.json"), "utf8")).date).toBe("2027-03-04");
  }, 90_000);

  test("without --date the seed chooses the date, the same every time", async () => {
    const dates = [];
    for (let i = 0; i < 2; i++) {
      const { code, stdout } = await runBounded(["run", "--patients", "1", "--seed", "5", "--out", mkdtempSync(join(tmpdir(), "myna-run-date-"))], 60_000);
      expect(code).toBe(0);
      dates.push(/seed 5, date (\d{4}-\d{2}-\d{2})/.exec(stdout)?.[1]);
    }
    expect(dates[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(dates[1]).toBe(dates[0]);
  }, 90_000);

  test.each(["2026-02-30", "2019-06-01", "tomorrow", "2026-2-3"])("--date %s → exit 2 naming --date", async (date) => {
    const { code, stderr } = await runBounded(["run", "--date", date, "--out", mkdtempSync(join(tmpdir(), "myna-run-date-"))]);
    expect(stderr).toContain("error: --date");
    expect(code).toBe(2);
  });
});
