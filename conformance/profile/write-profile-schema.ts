import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { capabilityProfileJsonSchema } from "./capability-profile.ts";

/** Where the published schema lives. */
export const PROFILE_SCHEMA_FILE = fileURLToPath(new URL("../schema/capability-profile.schema.json", import.meta.url));

/** The schema file's text (test/conformance checks the checked-in file equals it). */
export function profileSchemaText(): string {
  return `${JSON.stringify(capabilityProfileJsonSchema(), null, 2)}\n`;
}

// `npx tsx conformance/profile/write-profile-schema.ts` regenerates the checked-in schema.
if (process.argv[1] === fileURLToPath(import.meta.url)) await writeFile(PROFILE_SCHEMA_FILE, profileSchemaText());
