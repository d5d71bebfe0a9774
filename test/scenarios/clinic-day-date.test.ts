import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { runClinicDay } from "../../scenarios/clinic/clinic-day.ts";
import { findReaderModel } from "../../sim/readers/face-auth/reader-models.ts";

/** What a seeded day decided, visit by visit. */
async function decisions(seed: number) {
  const outDir = await mkdtemp(join(tmpdir(), "myna-day-"));
  const day = await runClinicDay({ facilityType: "clinic", readerModel: findReaderModel("panasonic-xc-stfr1j-mn"), patients: 24, phoneShare: 1, seed, outDir });
  return {
    date: day.date,
    visits: day.visits.map((v) => [v.persona.id, v.device, v.outcome.kind, v.outcome.path, v.phoneRefused ?? "", v.outcome.kind === "answered" ? v.outcome.result.qualificationValidity : ""].join(" ")),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a seeded clinic day does not depend on the wall clock", () => {
  test("the same seed gives the same day in 2025 and in 2028 (children who turn 15 in between included)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-06-01T01:00:00Z"));
    const before = await decisions(11);
    vi.setSystemTime(new Date("2028-06-01T01:00:00Z"));
    const after = await decisions(11);
    vi.useRealTimers();
    // The day holds a patient whose age crosses 15 between the two wall-clock dates (P0010 born 2012-01-15, P0021
    // born 2010-12-24), so a day that read the wall clock would decide differently about adding the card to a phone.
    expect(before.visits.some((v) => /^P00(10|21) /.test(v))).toBe(true);
    expect(after.visits).toEqual(before.visits);
    expect(after.date).toBe(before.date);
  }, 120_000);

  test("the day's date is an option; by default it comes from the seed", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "myna-day-"));
    const options = { facilityType: "clinic", readerModel: findReaderModel("panasonic-xc-stfr1j-mn"), patients: 1, phoneShare: 0, outDir } as const;
    const given = await runClinicDay({ ...options, seed: 3, date: "2026-02-03" });
    expect(given.date).toBe("2026-02-03");
    const a = await runClinicDay({ ...options, seed: 3, outDir: await mkdtemp(join(tmpdir(), "myna-day-")) });
    const b = await runClinicDay({ ...options, seed: 3, outDir: await mkdtemp(join(tmpdir(), "myna-day-")) });
    expect(a.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(b.date).toBe(a.date);
  }, 60_000);
});
