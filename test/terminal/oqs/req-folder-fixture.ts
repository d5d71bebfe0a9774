import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { InsuranceQueryRequest } from "../../../sim/contract/index.ts";
import type { QualificationResult } from "../../../sim/contract/qualification-result.ts";
import type { QualificationService } from "../../../sim/contract/qualification-service.ts";
import { ResFolder } from "../../../sim/terminal/oqs/res-folder.ts";

/** The facility code the stand-in requests and folders use. */
export const FACILITY = "1312345678";

/** An error shaped like the onshi client's HTTP error: an HTTP status and the service's `{ error, message, field? }`. */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: string; message: string; field?: string },
  ) {
    super(`onshi ${status} ${body.error}: ${body.message}`);
    this.name = "HttpStatusError";
  }
}

/**
 * A stand-in service that answers insurance queries from the request (the real one is exercised in the end-to-end
 * tests); `fail` makes every query throw what it returns instead.
 */
export function standInService(fail?: () => Error): QualificationService & { asked: InsuranceQueryRequest[] } {
  const asked: InsuranceQueryRequest[] = [];
  return {
    asked,
    requestChallenge: () => Promise.reject(new Error("not used")),
    qualify: () => Promise.reject(new Error("not used")),
    recordConsent: () => Promise.reject(new Error("not used")),
    queryInsurance: async (r) => {
      asked.push(r);
      if (fail !== undefined) throw fail();
      const result: QualificationResult = { processingResultStatus: "1", segmentOfResult: "1", referenceClassification: "2", qualificationConfirmationDate: r.qualificationConfirmationDate, medicalInstitutionCode: r.medicalInstitutionCode, qualificationValidity: "4" };
      return result;
    },
  };
}

/** A fresh REQ path (not created yet) and RES folder (created) under a temporary root. */
export async function reqAndRes(): Promise<{ root: string; req: string; res: ResFolder }> {
  const root = await mkdtemp(join(tmpdir(), "myna-oqs-"));
  const res = new ResFolder(join(root, "RES"));
  await res.ensure();
  return { root, req: join(root, "REQ"), res };
}

/** Resolves with `promise`, or rejects once `ms` have passed (so a hang fails the test instead of stalling it). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
