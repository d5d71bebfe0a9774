import { z } from "zod";

/** Face-auth reader model ids (sim/readers/face-auth READER_MODELS), or `other` for a model the simulator lacks. */
export const INCIDENT_READER_MODELS = ["panasonic-xc-stfr1j-mn", "pfu-caora", "almex-myna-touch", "canon-facr", "other"] as const;

/**
 * The step where the visit failed, as staff name it (docs/domain/counter-flow.md): setting the counter up, adding the
 * card to the phone before the visit, the phone button, the OS choice, the PIN typed on the reader, Face ID / Touch ID
 * on the iPhone, holding the device, the read itself, the card on the reader, the identity check (face match,
 * visual check), the consent screens, the online result, or host software on the general-purpose reader.
 */
export const INCIDENT_STEPS = ["setup", "adding-card-to-phone", "phone-button", "os-choice", "pin-entry", "biometric", "hold", "reading", "card-reading", "identity-check", "consent", "result", "host-software"] as const;

/** One step of {@link INCIDENT_STEPS}. */
export type IncidentStep = (typeof INCIDENT_STEPS)[number];

const DIGITS = "0-9０-９";

/**
 * An incident report as a pilot coordinator writes it (scenarios/incidents/README.md): where, with which readers and
 * which device, the step where it failed and what the screen showed. No PINs or passwords: unknown fields are refused.
 */
export const incidentSchema = z
  .object({
    $schema: z.string().optional().describe("path of incident.schema.json, for editors"),
    id: z.string().min(1).max(80).optional().describe("the coordinator's own reference, e.g. INC-2025-10-03-01"),
    reportedOn: z.iso.date().optional().describe("day of the incident, YYYY-MM-DD"),
    facilityType: z.enum(["hospital", "clinic", "dental", "pharmacy"]).describe("kind of facility"),
    readerModel: z.enum(INCIDENT_READER_MODELS).describe("face-auth reader model: panasonic-xc-stfr1j-mn, pfu-caora, almex-myna-touch, canon-facr or other"),
    generalPurposeReader: z
      .object({
        model: z.string().min(1).max(80).describe('the USB reader beside it as its label reads, e.g. "SONY RC-S300/P"; "none" when there is none'),
        setUp: z.boolean().describe("whether it was set up by the reader maker's procedure (connected, configured, terminal and reader restarted)"),
      })
      .strict(),
    device: z
      .object({
        kind: z.enum(["iphone", "android", "card"]).describe("the patient's device"),
        model: z.string().min(1).max(80).optional().describe('phone model, e.g. "iPhone 15", "Pixel 8"'),
        os: z.enum(["iOS", "Android"]).optional().describe("phone OS"),
        osVersion: z.string().regex(/^\d{1,3}(\.\d{1,3}){0,2}$/, "must be a version like 18.5 or 14").optional().describe("OS version, e.g. 18.5"),
      })
      .strict()
      .superRefine((device, ctx) => {
        const expected = device.kind === "iphone" ? "iOS" : device.kind === "android" ? "Android" : undefined;
        if (device.os !== undefined && device.os !== expected) ctx.addIssue({ code: "custom", path: ["os"], message: expected ? `a ${device.kind} runs ${expected}, not ${device.os}` : "a card has no OS" });
        if (device.kind === "card" && (device.model !== undefined || device.osVersion !== undefined)) ctx.addIssue({ code: "custom", path: [device.model !== undefined ? "model" : "osVersion"], message: "a card has no phone model or OS version" });
      }),
    failedAt: z.enum(INCIDENT_STEPS).describe("the step where it failed"),
    shown: z
      .object({
        code: z.string().regex(new RegExp(`^(?:[${DIGITS}]{3}|[${DIGITS}A-Fa-fＡ-Ｆａ-ｆ]{4})$`), "must be a 3-digit screen code (e.g. 006) or a 4-digit status word (e.g. 6982)").optional().describe("the code on the screen"),
        words: z.string().min(1).max(300).optional().describe("the Japanese words shown, as read (full-width or half-width, spaces do not matter)"),
      })
      .strict()
      .refine((shown) => shown.code !== undefined || shown.words !== undefined, { message: "give the code or the words shown (or both)" }),
    seed: z.number().int().min(0).max(4_294_967_295).optional().describe("seed of the run (default 1)"),
    notes: z.string().max(2000).optional().describe("free text; never put a PIN or password here"),
  })
  .strict();

/** An incident report (validated). */
export type Incident = z.infer<typeof incidentSchema>;
