import { type Incident, incidentSchema } from "./incident.ts";
import { formatFieldPath } from "../../sim/contract/field-path.ts";

/** An incident file that does not validate: one message per bad field, each naming the field's path. */
export class IncidentError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "IncidentError";
    this.problems = problems;
  }
}

/**
 * Parses and validates an incident file's text; throws {@link IncidentError} with one line per bad field
 * (`device.osVersion: must be a version like 18.5 or 14`). Field values are never echoed: a mistaken PIN pasted into
 * a field must not end up in a log.
 */
export function parseIncident(text: string): Incident {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Without the excerpt of the text V8 quotes (`Unexpected token 'x', ..."1234",x..." is not valid JSON`): it may hold a PIN.
    throw new IncidentError([`(file): not JSON: ${(error as Error).message.replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, " is not valid JSON")}`]);
  }
  const parsed = incidentSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new IncidentError(
    parsed.error.issues.map((issue) => {
      const path = formatFieldPath(issue.path) || "(top level)";
      const keys = issue.code === "unrecognized_keys" ? `: unknown field(s) ${issue.keys.join(", ")}` : "";
      return `${path}: ${issue.code === "unrecognized_keys" ? "not a field of an incident" : issue.message}${keys}`;
    }),
  );
}
