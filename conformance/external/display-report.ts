import { z } from "zod";
import type { ScreenReport } from "../observations/scenario-observation.ts";
import { formatFieldPath } from "../../sim/contract/field-path.ts";

/**
 * One line of a DUT's display report (`displayReport: {kind: "jsonl", path}`): one JSON object per screen the DUT
 * showed, appended as it shows it (conformance/README.md#vendors). Never a PIN or password.
 *
 * ```json
 * {"t": "2026-11-29T07:31:02.114Z", "state": "pin-wrong", "kind": "input", "title": "暗証番号が違います", "lines": ["残り2回入力できます"], "buttons": []}
 * ```
 */
export const displayReportLineSchema = z
  .object({
    t: z.iso.datetime({ offset: true }).describe("When the screen appeared: ISO 8601 with milliseconds and a zone (Z or ±hh:mm)."),
    state: z.string().min(1).max(80).describe("The DUT's own ID of the screen (stable; e.g. standby, reading, pin-wrong, error-006, result)."),
    kind: z.enum(["idle", "input", "progress", "guidance", "alert", "result", "error"]).describe("What the screen is for (the kinds of sim/readers/face-auth/screen-machine.ts)."),
    title: z.string().max(200).describe("The screen's headline as shown."),
    code: z.string().max(16).optional().describe("An error code shown on the screen (e.g. 006: 利用者証明用電子証明書の失効・有効期限切れ)."),
    lines: z.array(z.string().max(400)).max(40).default([]).describe("The other text lines as shown (guidance)."),
    buttons: z.array(z.string().max(80)).max(20).default([]).describe("Labels of the buttons offered."),
  })
  .strict();

/** A parsed display-report line. */
export type DisplayReportLine = z.infer<typeof displayReportLineSchema>;

/**
 * Parses a display report (JSON Lines) into screens on the scenario's trace clock: `originMs` is the wall-clock time
 * (ms since the epoch) of trace time 0. Lines that do not parse are returned as problems, never dropped silently.
 */
export function parseDisplayReport(text: string, originMs: number): { screens: ScreenReport[]; problems: string[] } {
  const screens: ScreenReport[] = [];
  const problems: string[] = [];
  text.split("\n").forEach((raw, index) => {
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      problems.push(`line ${index + 1}: not JSON`);
      return;
    }
    const parsed = displayReportLineSchema.safeParse(value);
    if (!parsed.success) {
      problems.push(`line ${index + 1}: ${parsed.error.issues.map((i) => `${formatFieldPath(i.path) || "(line)"} ${i.message}`).join("; ")}`);
      return;
    }
    const s = parsed.data;
    screens.push({ at: Date.parse(s.t) - originMs, state: s.state, kind: s.kind, title: s.title, ...(s.code !== undefined ? { code: s.code } : {}), lines: s.lines, buttons: s.buttons });
  });
  return { screens, problems };
}

/** The JSON Schema of a display-report line, as published beside the profile schema. */
export function displayReportJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(displayReportLineSchema, { target: "draft-2020-12", io: "input" }), $id: "https://myna-hil.invalid/conformance/display-report-line.schema.json", title: "myna-hil conformance display report: one line" };
}
