#!/usr/bin/env node
/**
 * `npm test`: runs the Vitest suite, then prints the ten slowest test files and, as its very last line, a plain
 * summary (`vitest: 1110 passed, 0 failed, 3 skipped`, no colours) that CI reads to know the tests ran. Exits non-zero
 * when any Vitest run failed.
 *
 * Without arguments it starts two Vitest processes at once (vitest.config.ts has the projects):
 *   - "unit" and "isolated": the bulk of the suite, files in parallel on two workers; its output is shown live;
 *   - "hardware": the files that use the real pcscd, one at a time (they share vpcd's two slots). Mostly waiting on
 *     pcscd and child processes, so it runs alongside the rest rather than after it; its output is held back and
 *     printed when the first process is done, so that the two never interleave.
 * With arguments (`npm test -- test/pki`, `npm test -- --project unit`), one Vitest process runs with them; a plain
 * `vitest run` does the same (there the hardware project runs after the others).
 */
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { setPriority } from "node:os";
import path from "node:path";
import { clearInterval, setInterval } from "node:timers";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);
const vitestPackage = require.resolve("vitest/package.json", { paths: [root] });
const vitestBin = path.join(path.dirname(vitestPackage), JSON.parse(readFileSync(vitestPackage, "utf8")).bin.vitest);
const reportDir = path.join(root, "reports", "vitest");
const reporter = "./tools/test-summary/summary-reporter.ts";
const SLOWEST = 10;
/** The bulk of the suite yields the CPU to the hardware lane, whose tests must answer vpcd's polls promptly (below). */
const MAIN_LANE_NICENESS = 10;
/**
 * The hardware lane's watchdog. Vitest prints a line per file as it ends, and the slowest hardware file takes well
 * under a minute, so this long without output means a worker is stuck: its processes are killed (Vitest then reports
 * the file as not finished and goes on) and that file is run once more in a new process.
 * Known cause (found with gdb): the `smartcard` binding's SCardDisconnect is synchronous; when the thread calling it
 * is also the one serving the emulated card to vpcd (the hardware tests do both in one process), and pcscd's presence
 * poll (GET ATR every 400 ms) is waiting for that card's answer at that moment, pcscd holds the reader and waits for
 * the card, the card's thread waits for pcscd, and no time-out ends it. Rare, more likely when the CPU is busy.
 */
const HANG_MS = 2 * 60_000;

/** The processes below `pid`, parents before children (Linux: read from /proc). */
function descendants(pid) {
  const children = new Map();
  let entries;
  try {
    entries = readdirSync("/proc");
  } catch {
    return []; // no /proc (not Linux): the caller stops the Vitest process itself
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  const found = [];
  const visit = (parent) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

const running = new Set();

/**
 * Starts one Vitest process. `live`: its output goes straight to ours; otherwise it is held until `release()`.
 * `done` resolves with { code, summary (undefined when Vitest wrote none), killed (workers the watchdog killed) }.
 */
function runVitest({ name, args, live, niceness, hangMs }) {
  const summaryFile = path.join(reportDir, `summary-${name}.json`);
  rmSync(summaryFile, { force: true });
  const env = { ...process.env, MYNA_TEST_SUMMARY_FILE: summaryFile };
  // Held-back output is not a terminal; keep Vitest's colours when ours is one, as it would have had.
  if (!live && process.stdout.isTTY && env.NO_COLOR === undefined) env.FORCE_COLOR ??= "1";
  const argv = [vitestBin, "run", ...args, "--reporter=default", `--reporter=${reporter}`];
  const child = spawn(process.execPath, argv, { cwd: root, env, stdio: live ? "inherit" : ["ignore", "pipe", "pipe"] });
  running.add(child);
  // Before Vitest forks its workers (they inherit it). Not fatal where the system refuses.
  if (niceness !== undefined && child.pid !== undefined) {
    try {
      setPriority(child.pid, niceness);
    } catch {
      // keep the default priority
    }
  }
  const run = { name, notes: [], killed: 0, released: live, held: [] };
  let lastOutput = Date.now();
  if (!live) {
    const forward = (stream) => (chunk) => {
      lastOutput = Date.now();
      if (run.released) stream.write(chunk);
      else run.held.push([stream, chunk]);
    };
    child.stdout.on("data", forward(process.stdout));
    child.stderr.on("data", forward(process.stderr));
  }
  let watchdog;
  if (hangMs !== undefined && !live) {
    watchdog = setInterval(() => {
      if (Date.now() - lastOutput < hangMs) return;
      const found = descendants(child.pid);
      // Without /proc, stop the whole Vitest process: its file is then reported as unfinished by nobody, so it fails.
      const stuck = found.length > 0 ? found : [child.pid];
      run.killed++;
      run.notes.push(`vitest (${name}): no output for ${hangMs / 60_000} min: killed its stuck processes (${stuck.join(", ")}); see HANG_MS in tools/test-summary/run-tests.mjs`);
      for (const pid of stuck.reverse()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      lastOutput = Date.now();
    }, 5_000);
  }
  run.release = (header) => {
    if (run.released) return;
    process.stdout.write(header);
    for (const [stream, chunk] of run.held) stream.write(chunk);
    run.held = [];
    run.released = true;
  };
  run.done = new Promise((resolve) => {
    const finish = (code) => {
      clearInterval(watchdog);
      running.delete(child);
      let summary;
      if (existsSync(summaryFile)) {
        try {
          summary = JSON.parse(readFileSync(summaryFile, "utf8"));
        } catch (error) {
          run.notes.push(`vitest (${name}): unreadable summary ${summaryFile}: ${error.message}`);
        }
      }
      resolve({ code, summary, killed: run.killed });
    };
    child.on("error", (error) => {
      process.stderr.write(`run-tests: cannot start vitest (${name}): ${error.message}\n`);
      finish(1);
    });
    child.on("close", (code, signal) => finish(code ?? (signal ? 1 : 0)));
  });
  return run;
}

// Ctrl-C reaches the children through the terminal; a TERM sent to this process alone is passed on.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    for (const child of running) if (child.exitCode === null) child.kill(signal);
  });
}

/** One Vitest run's outcome for the summary: counts, files, notes and whether it failed. */
function outcome(run, result) {
  const { code, summary } = result;
  if (summary === undefined) {
    // No summary: Vitest stopped before the end of the run (bad config, crash). Count it as a failure.
    return { passed: 0, failed: 1, skipped: 0, files: [], notes: [...run.notes, `vitest (${run.name}) ended with exit code ${code} without a summary: counted as 1 failed`] };
  }
  const notes = [...run.notes];
  let failed = summary.failed + summary.otherFailures;
  if (summary.otherFailures > 0) notes.push(`vitest (${run.name}): ${summary.otherFailures} failure(s) outside any test (a file that did not load, a failing hook, an unhandled error), counted as failed`);
  if (code !== 0 && failed === 0) {
    failed = 1;
    notes.push(`vitest (${run.name}) exited with code ${code} although no test failed: counted as 1 failed`);
  }
  return { passed: summary.passed, failed, skipped: summary.skipped, files: summary.files, notes };
}

const userArgs = process.argv.slice(2);
const outcomes = [];
if (userArgs.length > 0) {
  const main = runVitest({ name: "main", args: userArgs, live: true });
  outcomes.push(outcome(main, await main.done));
} else {
  const main = runVitest({ name: "main", args: ["--project", "unit", "--project", "isolated"], live: true, niceness: MAIN_LANE_NICENESS });
  const hardware = runVitest({ name: "hardware", args: ["--project", "hardware"], live: false, hangMs: HANG_MS });
  outcomes.push(outcome(main, await main.done));
  hardware.release(`\n──── hardware tier (its own Vitest process, run alongside the others; held back until now) ────\n`);
  const first = await hardware.done;
  const unfinished = first.killed > 0 && first.summary !== undefined ? first.summary.files.filter((f) => f.state === "pending" || f.state === "queued") : [];
  if (unfinished.length === 0) {
    outcomes.push(outcome(hardware, first));
  } else {
    // Once, in a new process: only the files the watchdog stopped (a file that failed on its own is not run again).
    process.stdout.write(`\n──── hardware tier: running again what the watchdog stopped: ${unfinished.map((f) => f.file).join(", ")} ────\n`);
    const again = runVitest({ name: "hardware-again", args: ["--project", "hardware", ...unfinished.map((f) => f.file)], live: false, hangMs: HANG_MS });
    again.release("");
    const second = await again.done;
    const rest = first.summary.files.filter((f) => !unfinished.includes(f));
    const sum = (key) => rest.reduce((n, f) => n + f[key], 0);
    // The kills' "worker exited unexpectedly" errors are the watchdog's doing, not failures of their own.
    const merged = { ...first.summary, passed: sum("passed"), failed: sum("failed"), skipped: sum("skipped"), otherFailures: Math.max(0, first.summary.otherFailures - first.killed), files: rest };
    const firstCode = merged.failed + merged.otherFailures > 0 ? 1 : 0;
    outcomes.push(outcome(hardware, { code: firstCode, summary: merged, killed: first.killed }));
    outcomes.push(outcome(again, second));
  }
}

const passed = outcomes.reduce((n, o) => n + o.passed, 0);
const failed = outcomes.reduce((n, o) => n + o.failed, 0);
const skipped = outcomes.reduce((n, o) => n + o.skipped, 0);
const slowest = outcomes
  .flatMap((o) => o.files)
  .sort((a, b) => b.totalMs - a.totalMs)
  .slice(0, SLOWEST);
const seconds = (ms) => (ms / 1000).toFixed(1).padStart(6);
const lines = ["", `The ${slowest.length} slowest test files (time in their worker: import + tests and hooks):`];
for (const f of slowest) lines.push(`${seconds(f.totalMs)} s  ${f.project.padEnd(8)}  ${f.file}  (import ${(f.importMs / 1000).toFixed(1)} s)`);
for (const note of outcomes.flatMap((o) => o.notes)) lines.push(`note: ${note}`);
lines.push(`vitest: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.stdout.write(`${lines.join("\n")}\n`);
// .ci/run adds up its runs (Node 20 and 24) and prints the total as its very last line.
if (process.env.MYNA_HIL_TEST_TOTALS_FILE) appendFileSync(process.env.MYNA_HIL_TEST_TOTALS_FILE, `${passed} ${failed} ${skipped}\n`);
process.exitCode = failed > 0 ? 1 : 0;
