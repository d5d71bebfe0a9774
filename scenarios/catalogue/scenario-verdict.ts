import type { ScreenStateId } from "../../sim/readers/face-auth/screen-machine.ts";
import type { ApduTrace } from "../../sim/trace/index.ts";
import type { FallbackKind } from "../../sim/terminal/fallback.ts";
import type { ExpectedOutcome, HostOutcome } from "./scenario-entry.ts";

/** What the runner saw. */
export interface ObservedOutcome {
  screens: ScreenStateId[];
  stoppedOn: ScreenStateId | undefined;
  guidance: string[];
  phoneButton: boolean | undefined;
  resultFile: "none" | "error" | { status: string; validity?: string; file: string };
  fallback: FallbackKind | "none";
  usageCounted: boolean;
  /** My Number uses the service counted during the scenario. */
  uses: number;
  provision: string | undefined;
  host: HostOutcome | undefined;
  hostDetail: string | undefined;
  receiptInsuredNumber: string | undefined;
  /** Problems of the runner itself (a step that could not be played). */
  notes: string[];
}

/** The verdict on one scenario. */
export interface ScenarioVerdict {
  id: string;
  passed: boolean;
  expected: ExpectedOutcome;
  observed: ObservedOutcome;
  differences: string[];
  /** Every APDU the counter exchanged (PINs redacted). */
  trace: ApduTrace;
  seed: number;
  /** The carrier the entry ran through (in-process when the one asked for cannot carry it: `carrierNote`). */
  carrier: string;
  /** Why the entry did not run through the carrier asked for. */
  carrierNote?: string;
  rulesOff: string[];
  durationMs: number;
}

/** Whether `wanted` appears in `seen` in order (other states may come between). */
function inOrder(seen: readonly ScreenStateId[], wanted: readonly ScreenStateId[]): boolean {
  let i = 0;
  for (const s of seen) if (s === wanted[i]) i++;
  return i === wanted.length;
}

/** The differences between what was expected and what happened (empty: it happened as expected). */
export function compareOutcome(expected: ExpectedOutcome, observed: ObservedOutcome): string[] {
  const d: string[] = [];
  const eq = (name: string, want: unknown, got: unknown): void => {
    if (want !== undefined && JSON.stringify(want) !== JSON.stringify(got)) d.push(`${name}: expected ${JSON.stringify(want)}, observed ${JSON.stringify(got)}`);
  };
  if (expected.screens && !inOrder(observed.screens, expected.screens)) d.push(`screens: expected ${expected.screens.join(" → ")} in order, observed ${observed.screens.join(" → ")}`);
  for (const s of expected.notScreens ?? []) if (observed.screens.includes(s)) d.push(`screens: ${s} must not be shown, but was`);
  eq("stoppedOn", expected.stoppedOn, observed.stoppedOn);
  eq("guidance", expected.guidance, observed.guidance);
  eq("phoneButton", expected.phoneButton, observed.phoneButton);
  if (expected.resultFile !== undefined) {
    const got = observed.resultFile;
    const gotShape = typeof got === "string" ? got : { status: got.status, ...(typeof expected.resultFile === "object" && expected.resultFile.validity !== undefined ? { validity: got.validity } : {}) };
    eq("resultFile", expected.resultFile, gotShape);
  }
  eq("fallback", expected.fallback, observed.fallback);
  eq("usageCounted", expected.usageCounted, observed.usageCounted);
  eq("provision", expected.provision, observed.provision);
  eq("host", expected.host, observed.host);
  eq("receiptInsuredNumber", expected.receiptInsuredNumber, observed.receiptInsuredNumber);
  return d;
}
