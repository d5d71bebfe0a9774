/**
 * How many cases each fuzz property generates: a fixed number in CI (`npm test`), more for a long run with
 * `MYNA_FUZZ_RUNS=100000 npx vitest run test/fuzz`. A bad value is refused rather than silently replaced.
 */
export function fuzzRuns(ciDefault: number): number {
  const raw = process.env.MYNA_FUZZ_RUNS;
  if (raw === undefined || raw === "") return ciDefault;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`MYNA_FUZZ_RUNS must be a positive decimal integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}
