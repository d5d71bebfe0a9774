import { readFile } from "node:fs/promises";
import { z } from "zod";
import { ProfileError } from "../profile/profile-error.ts";
import { formatFieldPath } from "../../sim/contract/field-path.ts";

/** The expectations file: requirements known to fail on this DUT, each with the reason (a ticket, a waiver…). */
export const expectationsSchema = z
  .object({
    knownFailures: z.array(z.object({ id: z.string().regex(/^MYNA-(HOST|FACR|OQS)-\d{3}$/), reason: z.string().min(1) }).strict()),
  })
  .strict();

/** Known failures by requirement ID. */
export type Expectations = ReadonlyMap<string, string>;

/** Reads an expectations file; a bad one is a usage error (exit 2) naming each bad field. */
export async function loadExpectations(file: string): Promise<Expectations> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new ProfileError(file, [`(file): ${(error as Error).message}`]);
  }
  const parsed = expectationsSchema.safeParse(json);
  if (!parsed.success) throw new ProfileError(file, parsed.error.issues.map((i) => `${formatFieldPath(i.path) || "(root)"}: ${i.message}`));
  return new Map(parsed.data.knownFailures.map((k) => [k.id, k.reason]));
}
