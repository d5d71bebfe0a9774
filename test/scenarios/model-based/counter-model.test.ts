import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { counterModelProperty } from "../../../scenarios/model/counter-model-property.ts";
import { ModelFixtures } from "../../../scenarios/model/model-fixtures.ts";
import { ScreenCoverage } from "../../../scenarios/model/screen-coverage.ts";

/**
 * Model-based exploration of a counter (issue 9 part 3): random patient, staff and service steps against a model
 * written from docs/domain, every screen state of the reader reached. A fresh seed each run, printed; replay with
 * `MYNA_MODEL_SEED=<seed>` (and `MYNA_MODEL_PATH=<path>` for the shrunk case), change the volume with `MYNA_MODEL_RUNS=<n>` (default 1000 sequences).
 */
const seed = process.env["MYNA_MODEL_SEED"] !== undefined ? Number(process.env["MYNA_MODEL_SEED"]) : Math.floor(Math.random() * 0x7fffffff);
const path = process.env["MYNA_MODEL_PATH"];
const runs = process.env["MYNA_MODEL_RUNS"] !== undefined ? Number(process.env["MYNA_MODEL_RUNS"]) : 1000;

describe("the counter against its model (fc.commands + asyncModelRun)", () => {
  let fixtures: ModelFixtures;
  const coverage = new ScreenCoverage();

  beforeAll(async () => {
    fixtures = await ModelFixtures.open();
    // The reader's port polling uses process timers: faked, and moved by the counter's settle (no real sleeps).
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
  }, 120_000);

  afterAll(async () => {
    vi.useRealTimers();
    await fixtures.close();
  });

  it(`follows the model for ${runs} sequences and reaches every screen state`, async () => {
    console.log(`model-based counter: seed ${seed} (replay: MYNA_MODEL_SEED=${seed}), ${runs} sequences`);
    const t0 = performance.now();
    await fc.assert(counterModelProperty({ fixtures, coverage, advanceTimers: (ms) => vi.advanceTimersByTime(ms) }), { seed, numRuns: runs, ...(path !== undefined ? { path } : {}) });
    console.log(`${runs} sequences in ${((performance.now() - t0) / 1000).toFixed(1)} s\n${coverage.table()}`);
    expect(coverage.missing).toEqual([]);
  }, 600_000);
});
