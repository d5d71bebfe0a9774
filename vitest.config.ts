import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import { FAST_CHECK_VITEST, lazyFastCheckVitest } from "./test/support/lazy-fast-check-vitest.ts";
import { HARDWARE_TEST_FILES, ISOLATED_TEST_FILES, SLOW_TEST_FILES_FIRST } from "./test/support/test-projects.ts";

/**
 * The known slow files first (test/support/test-projects.ts), then Vitest's own order: failed first, then longest
 * first by its cache, or largest first without one (a fresh clone). Two Vitest processes write that cache at once
 * under `npm test`, so it may hold only part of a run; the list does not depend on it.
 */
class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const index = SLOW_TEST_FILES_FIRST.indexOf(spec.moduleId.slice(spec.project.config.root.length + 1));
      return index < 0 ? SLOW_TEST_FILES_FIRST.length : index;
    };
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.index - b.index)
      .map(({ spec }) => spec);
  }
}

export default defineConfig({
  plugins: [lazyFastCheckVitest()],
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default"],
    // Vite transforms @fast-check/vitest so that lazyFastCheckVitest can make it cheap to import (see that file).
    server: { deps: { inline: [FAST_CHECK_VITEST] } },
    // Files in parallel on three workers on CI's two cores (Vitest's default would be one: cores - 1): about half of
    // the suite's time is spent waiting (readers' timings, child processes, sockets), which a third worker fills.
    maxWorkers: 3,
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...HARDWARE_TEST_FILES, ...ISOLATED_TEST_FILES], isolate: false },
      },
      { extends: true, test: { name: "isolated", include: [...ISOLATED_TEST_FILES] } },
      {
        // One file at a time: they share pcscd's two vpcd slots. A plain `vitest run` runs this project after the other
        // two; `npm test` (tools/test-summary/run-tests.mjs) runs it in a second Vitest process alongside them.
        extends: true,
        test: { name: "hardware", include: [...HARDWARE_TEST_FILES], fileParallelism: false, maxWorkers: 1 },
      },
    ],
  },
});
