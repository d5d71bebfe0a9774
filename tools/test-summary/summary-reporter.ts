/**
 * A Vitest reporter that writes what `npm test` prints at the end (tools/test-summary/run-tests.mjs): how many tests
 * passed, failed and were skipped, and how long each test file took. Written as JSON to the file named by
 * `MYNA_TEST_SUMMARY_FILE` (nothing is written without it); prints nothing itself.
 *
 * A file's time is what it held its worker for: importing it (its modules and its suites' callbacks) plus its tests
 * and hooks. Vitest's JSON report counts the tests only, so a file whose work is in `beforeAll` would look fast there.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Reporter, SerializedError, TestModule, Vitest } from "vitest/node";

/** One test file in the summary. */
export interface FileSummary {
  /** Path relative to the project root, with `/`. */
  file: string;
  project: string;
  state: string;
  /** Import (collect) plus tests and hooks, ms. */
  totalMs: number;
  /** Importing the file: its modules and its suites' callbacks, ms. */
  importMs: number;
  passed: number;
  failed: number;
  skipped: number;
}

/** What the reporter writes. */
export interface RunSummary {
  format: "myna-hil vitest summary";
  version: 1;
  passed: number;
  failed: number;
  skipped: number;
  /** Files that failed without a failing test (an import error, a failing hook) and errors outside any test. */
  otherFailures: number;
  /** CPU time of Vitest's main process (transforms, module serving, reporting), ms: not of its workers. */
  mainProcessCpuMs: number;
  files: FileSummary[];
}

export default class SummaryReporter implements Reporter {
  #root = process.cwd();

  onInit(vitest: Vitest): void {
    this.#root = vitest.config.root;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const target = process.env.MYNA_TEST_SUMMARY_FILE;
    if (target === undefined || target === "") return;
    const cpu = process.cpuUsage();
    const summary: RunSummary = {
      format: "myna-hil vitest summary",
      version: 1,
      passed: 0,
      failed: 0,
      skipped: 0,
      otherFailures: unhandledErrors.length,
      mainProcessCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      files: [],
    };
    for (const module of testModules) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed" || state === "failed") counts[state]++;
        else counts.skipped++; // skipped, todo, or never run (pending)
      }
      summary.passed += counts.passed;
      summary.failed += counts.failed;
      summary.skipped += counts.skipped;
      if (counts.failed === 0 && (module.state() === "failed" || module.errors().length > 0)) summary.otherFailures++;
      const diagnostic = module.diagnostic();
      summary.files.push({
        file: path.relative(this.#root, module.moduleId).split(path.sep).join("/"),
        project: module.project.name,
        state: module.state(),
        totalMs: Math.round(diagnostic.collectDuration + diagnostic.duration),
        importMs: Math.round(diagnostic.collectDuration),
        ...counts,
      });
    }
    mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
    writeFileSync(target, `${JSON.stringify(summary, null, 2)}\n`);
  }
}
