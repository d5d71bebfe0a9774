import { z } from "zod";

/**
 * The capability profile (implementation conformance statement, ICS) a vendor fills in: what the device under test
 * (DUT) is and does. It selects the applicable requirements; the rest are `not_applicable` with the reason.
 * The JSON Schema published in `conformance/schema/capability-profile.schema.json` is generated from this (`z.toJSONSchema`).
 */
export const capabilityProfileSchema = z
  .object({
    $schema: z.string().optional().describe("Path or URL of the JSON Schema (ignored)."),
    name: z.string().min(1).describe("Short name of this profile."),
    vendor: z.string().min(1).describe("Who makes the DUT."),
    product: z.string().min(1).describe("Product name of the DUT."),
    version: z.string().min(1).describe("Version of the DUT under test."),
    roles: z
      .array(z.enum(["host", "facr", "oqs-client"]))
      .min(1)
      .describe("host: reads phones/cards through a general-purpose PC/SC reader; facr: face-auth reader or terminal software; oqs-client: client of the online qualification service."),
    readerModel: z
      .enum(["panasonic-xc-stfr1j-mn", "pfu-caora", "almex-myna-touch", "canon-facr"])
      .optional()
      .describe("The face-auth reader model (role facr), docs/domain/reader-models.md."),
    readsPhonesItself: z.boolean().describe("Reads phones on the face-auth reader's own antenna (Canon), docs/domain/counter-flow.md#canon-readers."),
    generalPurposeReader: z
      .object({
        name: z.string().min(1).describe("PC/SC name, e.g. `SONY FeliCa RC-S300/P`."),
        listed: z.boolean().describe("Listed for the facility's face-auth reader (docs/domain/rules.md#general-purpose-reader)."),
      })
      .strict()
      .optional()
      .describe("The general-purpose USB reader the DUT uses for phones, if any."),
    phoneOses: z.array(z.enum(["ios", "android"])).describe("Phone OSes the DUT reads (empty: cards only)."),
    cards: z.boolean().describe("Reads the physical My Number Card."),
    extendedApdus: z.boolean().describe("The DUT may send extended-length APDUs (docs/domain/phone-token.md#extended-apdus)."),
    identityPaths: z
      .object({
        face: z.boolean().describe("Card: face match against the card photo."),
        pin: z.boolean().describe("Card: the 4-digit auth PIN typed on the reader."),
        visual: z.boolean().describe("Card: staff visual check."),
      })
      .strict()
      .describe("Card identity paths offered (docs/domain/counter-flow.md#identity-check)."),
    resultFiles: z
      .object({ folder: z.string().min(1).describe("The RES folder the DUT writes OQS result files to (docs/domain/oqs-files.md).") })
      .strict()
      .optional()
      .describe("Where the DUT writes result files; absent when it writes none."),
    displayReport: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("built-in") }).strict().describe("The emulated reference: the suite reads the reader's screen events itself."),
        z.object({ kind: z.literal("jsonl"), path: z.string().min(1) }).strict().describe("The DUT appends one JSON object per displayed screen to this file."),
        z.object({ kind: z.literal("http"), url: z.string().url() }).strict().describe("The DUT POSTs each displayed screen to this callback URL (loopback)."),
        z.object({ kind: z.literal("none") }).strict().describe("The DUT reports nothing it displays: screen requirements are inconclusive."),
      ])
      .describe("How the DUT reports what it displayed."),
    command: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        "DUT external: the vendor program and its arguments, run once per scenario as a child process in the profile file's folder. Placeholders filled in by the suite: {reader} {serviceUrl} {facilityCode} {facilitySecretFile} {pinFile} {resultFolder} {displayReport} {answers} {dataDir} {scenario} (conformance/README.md#vendors).",
      ),
    commandTimeoutSeconds: z.number().positive().max(600).optional().describe("DUT external: how long one visit of the vendor program may take before the suite stops it (default 45)."),
    mutants: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).describe("Short name."),
            description: z.string().min(1).describe("What is broken, in one line."),
            kills: z.string().regex(/^MYNA-[A-Z]+-\d{3}$/).describe("The requirement that must fail when it runs."),
            scenarios: z.array(z.string().min(1)).min(1).describe("The scenarios that show it (scenario IDs, conformance/observations/scenario-ids.ts)."),
            args: z.array(z.string()).optional().describe("Arguments appended to `command`."),
            env: z.record(z.string(), z.string()).optional().describe("Environment variables added for the vendor program."),
          })
          .strict(),
      )
      .optional()
      .describe("DUT external: broken variants of the vendor program (`--mutants` runs each and expects its requirement to fail)."),
  })
  .strict();

/** A parsed capability profile. */
export type CapabilityProfile = z.infer<typeof capabilityProfileSchema>;

/** The JSON Schema of {@link capabilityProfileSchema}, as published. */
export function capabilityProfileJsonSchema(): Record<string, unknown> {
  return { ...z.toJSONSchema(capabilityProfileSchema, { target: "draft-2020-12" }), $id: "https://myna-hil.invalid/conformance/capability-profile.schema.json", title: "myna-hil conformance capability profile (ICS)" };
}
