import { readFile } from "node:fs/promises";
import { type CapabilityProfile, capabilityProfileSchema } from "./capability-profile.ts";
import { ProfileError } from "./profile-error.ts";
import { formatFieldPath } from "../../sim/contract/field-path.ts";

/** Checks a parsed JSON value against the schema; throws {@link ProfileError} naming every bad field. */
export function parseProfile(value: unknown, file = "<profile>"): CapabilityProfile {
  const parsed = capabilityProfileSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? formatFieldPath(issue.path) : "(root)"}: ${issue.message}`);
  throw new ProfileError(file, problems);
}

/** Reads and checks a capability profile file. */
export async function loadProfile(file: string): Promise<CapabilityProfile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ProfileError(file, [`(file): cannot read: ${(error as Error).message}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProfileError(file, [`(file): not JSON: ${(error as Error).message}`]);
  }
  return parseProfile(json, file);
}
