/**
 * How many cases each fuzz property generates: a fixed number in CI (`npm test`), more for a long run with
 * `MYNA_FUZZ_RUNS=100000 npx vitest run test/fuzz`. A bad value is refused rather than silently replaced.
 */
export function fuzzRuns(ciDefault: number): number {
  return positiveInteger("MYNA_FUZZ_RUNS", process.env.MYNA_FUZZ_RUNS) ?? ciDefault;
}

/** The seed every fuzz property uses unless `MYNA_FUZZ_SEED` says otherwise: CI explores the same cases every run. */
export const DEFAULT_FUZZ_SEED = 20251129;

/**
 * The seed of the fuzz properties: fixed by default, so `npm test` is deterministic and a failure in CI is the same
 * failure on a laptop; a long exploration sets `MYNA_FUZZ_SEED` (fast-check prints the seed of any failure).
 */
export function fuzzSeed(): number {
  return positiveInteger("MYNA_FUZZ_SEED", process.env.MYNA_FUZZ_SEED) ?? DEFAULT_FUZZ_SEED;
}

/** `numRuns` and `seed` for a fuzz property (`test.prop([...], fuzzParameters(1000))`). */
export function fuzzParameters(ciDefault: number): { numRuns: number; seed: number } {
  return { numRuns: fuzzRuns(ciDefault), seed: fuzzSeed() };
}

function positiveInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a positive decimal integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}
