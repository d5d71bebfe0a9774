import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { displayReportJsonSchema } from "../external/display-report.ts";
import { capabilityProfileJsonSchema } from "./capability-profile.ts";

/** Where the published schema lives. */
export const PROFILE_SCHEMA_FILE = fileURLToPath(new URL("../schema/capability-profile.schema.json", import.meta.url));
/** Where the display report's line schema lives. */
export const DISPLAY_REPORT_SCHEMA_FILE = fileURLToPath(new URL("../schema/display-report-line.schema.json", import.meta.url));

/** The schema file's text (test/conformance checks the checked-in file equals it). */
export function profileSchemaText(): string {
  return `${JSON.stringify(capabilityProfileJsonSchema(), null, 2)}\n`;
}

/** The display-report line schema's text. */
export function displayReportSchemaText(): string {
  return `${JSON.stringify(displayReportJsonSchema(), null, 2)}\n`;
}

// `npx tsx conformance/profile/write-profile-schema.ts` regenerates the checked-in schemas.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(PROFILE_SCHEMA_FILE, profileSchemaText());
  await writeFile(DISPLAY_REPORT_SCHEMA_FILE, displayReportSchemaText());
}
