import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RuleSwitchboard } from "../../sim/rules/index.ts";
import { type Bench, type Cell, type CellObservation, cellMark, FLOWS, type Flow, type FlowRecording, openBench, type Plant, recordFlow, type RemovalMode, runCell, violations } from "./removal-harness.ts";

/**
 * The removal matrix (reliability): every identity path at the counter × the device leaving at every APDU index of
 * that path's read, before the command reaches it and while it is being answered. Each cell runs on a fresh counter
 * (service, reader, RES folder) with the same card and phones, and checks: the reader stops on the right screen because
 * the device left, at once, with no hang; no half-written or stray file in RES; usage and PIN counters move only for
 * the completed qualification; holding the device again completes and counts once. Then the same invariants as a
 * property (random path × index × mode × re-hold delay), and the property failing on a planted bug.
 */

const MODES: readonly RemovalMode[] = ["before", "while"];
const MESSAGE_MS = 15_000; // the stop screens' time-out (DEFAULT_READER_TIMEOUTS.messageMs)

let bench: Bench;
const recordings = new Map<Flow, FlowRecording>();

beforeAll(async () => {
  bench = await openBench();
  for (const flow of FLOWS) recordings.set(flow, await recordFlow(bench, flow));
}, 60_000);
afterAll(async () => {
  await bench?.close();
});

function recording(flow: Flow): FlowRecording {
  const r = recordings.get(flow);
  if (!r) throw new Error(`no recording of ${flow}`);
  return r;
}

function describeFailure(o: CellObservation): string {
  const { flow, k, mode, reholdDelayMs } = o.cell;
  return `${flow} k=${k} (${o.removedAt ?? "?"}) ${mode}, re-hold after ${reholdDelayMs} ms: ${violations(o).join("; ")}`;
}

describe("removal matrix", () => {
  it("records each flow's APDU sequence once (the matrix's rows)", () => {
    for (const flow of FLOWS) expect(recording(flow).commands.length, flow).toBeGreaterThan(3);
    // The PIN flows send exactly one VERIFY of the auth PIN; the others none.
    const verifies = (flow: Flow) => recording(flow).commands.filter((c) => c.slice(2, 4) === "20").length;
    expect(verifies("card-pin")).toBe(1);
    expect(verifies("android")).toBe(1);
    expect(verifies("iphone")).toBe(0);
    expect(verifies("card-visual")).toBe(0);
  });

  it("every flow × every APDU index × {before, while}: stops at once, RES clean, counters intact, retry counts once", async () => {
    const t0 = performance.now();
    const failures: string[] = [];
    const rows: string[] = [];
    let cells = 0;
    let wallMax = 0;
    for (const flow of FLOWS) {
      const { commands } = recording(flow);
      for (const mode of MODES) {
        const marks: string[] = [];
        for (let k = 0; k < commands.length; k++) {
          // The re-hold delay walks through: OK pressed at once, mid-screen, after the stop screen timed out.
          const reholdDelayMs = [0, 5_000, MESSAGE_MS + 1][k % 3] as number;
          const o = await runCell(bench, { flow, k, mode, reholdDelayMs });
          cells++;
          wallMax = Math.max(wallMax, o.wallMs);
          if (o.removedAt !== commands[k]) failures.push(`${flow} k=${k} ${mode}: removed at ${o.removedAt}, recorded ${commands[k]} (the read is not repeatable)`);
          if (violations(o).length > 0) failures.push(describeFailure(o));
          marks.push(`${k}:${commands[k]?.slice(2, 4)}=${cellMark(o)}`);
        }
        rows.push(`${flow.padEnd(11)} ${mode.padEnd(6)} N=${String(commands.length).padStart(2)}  ${marks.join(" ")}`);
      }
    }
    const sizes = FLOWS.map((f) => `${f} ${recording(f).commands.length}`).join(", ");
    console.log(
      [
        `removal matrix: ${FLOWS.length} flows (${sizes}) × ${MODES.length} modes = ${cells} cells in ${Math.round(performance.now() - t0)} ms (slowest cell ${Math.round(wallMax)} ms)`,
        "  cell = index:INS=outcome  (stop: the removal showed and the retry counted once; done: the read had already completed)",
        ...rows.map((r) => `  ${r}`),
      ].join("\n"),
    );
    expect(failures).toEqual([]);
  }, 120_000);
});

/** A cell drawn at random: a flow, an index within its read, a mode, and a re-hold delay up to twice the stop screen's time-out. */
const cellArbitrary = (): fc.Arbitrary<Cell> =>
  fc
    .record({ flow: fc.constantFrom(...FLOWS), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), mode: fc.constantFrom(...MODES), reholdDelayMs: fc.integer({ min: 0, max: 2 * MESSAGE_MS }) })
    .map(({ flow, at, mode, reholdDelayMs }) => ({ flow, k: Math.floor(at * recording(flow).commands.length), mode, reholdDelayMs }));

/** The property: every cell holds its invariants. */
function removalProperty(plant: Plant): fc.IAsyncPropertyWithHooks<[Cell]> {
  return fc.asyncProperty(cellArbitrary(), async (cell) => {
    const o = await runCell(bench, cell, plant);
    const found = violations(o);
    if (found.length > 0) throw new Error(describeFailure(o));
  });
}

describe("removal property", () => {
  it("random flow × index × mode × re-hold delay (100 runs): the same invariants hold", async () => {
    await fc.assert(removalProperty({}), { numRuns: 100, seed: 20251001 });
  }, 60_000);

  it("catches a planted bug: a terminal reporting abandoned reads, with usage-counted-only-on-success switched off", async () => {
    // The rule alone is invisible here: a removed read never reaches the service, so there is no refusal to count.
    // The planted terminal sends the abandoned attempt (no valid proof); the service refuses it and, with the rule off,
    // counts it as a use — the usage invariant must notice.
    const plant: Plant = { rules: RuleSwitchboard.without("usage-counted-only-on-success"), reportAbandonedReads: true };
    const result = await fc.check(removalProperty(plant), { numRuns: 100, seed: 20251001, endOnFailure: true });
    expect(result.failed).toBe(true);
    expect(String(result.errorInstance)).toMatch(/\(3\) usage moved for a removed read/);
    console.log(`planted bug caught after ${result.numRuns} run(s): ${String(result.errorInstance).split("\n")[0]}`);
  }, 60_000);

  it("the rule switched off alone is not observable by removal: no removed read ever reaches the service to be refused", async () => {
    await fc.assert(removalProperty({ rules: RuleSwitchboard.without("usage-counted-only-on-success") }), { numRuns: 30, seed: 11 });
  }, 60_000);

  it("control: the same planted terminal with the rule on counts nothing (the rule is what protects the usage rate)", async () => {
    await fc.assert(removalProperty({ reportAbandonedReads: true }), { numRuns: 20, seed: 7 });
  }, 60_000);
});
