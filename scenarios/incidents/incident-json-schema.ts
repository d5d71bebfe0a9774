import { z } from "zod";
import { incidentSchema } from "./incident.ts";

/** Where the JSON Schema of an incident file is kept, relative to the repository root (kept up to date by a test). */
export const INCIDENT_SCHEMA_PATH = "scenarios/incidents/incident.schema.json";

/** The JSON Schema (draft 2020-12) of an incident file, as written to {@link INCIDENT_SCHEMA_PATH}. */
export function incidentJsonSchema(): string {
  const schema = z.toJSONSchema(incidentSchema, { io: "input" });
  return `${JSON.stringify({ ...schema, title: "myna-hil incident report", description: "An incident as a pilot coordinator reports it (scenarios/incidents/README.md)." }, null, 2)}\n`;
}
