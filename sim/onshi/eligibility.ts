import type { InsuredRecord } from "../contract/qualification-result.ts";
import type { IncomeCategory } from "./copayment-ratio.ts";
import { copaymentRatio } from "./copayment-ratio.ts";
import type { Insurer } from "./insurer.ts";

/** One eligibility (資格) of one person at one insurer: a row of the synthetic insured registry. */
export interface Eligibility
  extends Pick<
    InsuredRecord,
    | "insuredCardSymbol"
    | "insuredIdentificationNumber"
    | "insuredBranchNumber"
    | "personalFamilyClassification"
    | "name"
    | "nameKana"
    | "sex"
    | "birthdate"
    | "qualificationDate"
    | "disqualificationDate"
    | "reasonOfLoss"
    | "limitApplicationCertificate"
  > {
  /** Whose: a built-in persona ID (`P0001`), or the ID of a synthetic person without a card (`H-P0009`, `T-P0010`). */
  personId: string;
  insurer: Insurer;
  /** For the copay share from 70 (MODELLED, see {@link IncomeCategory}). */
  incomeCategory: IncomeCategory;
  /**
   * MODELLED meaning of QualificationValidity 6 有効（未登録）: the insurer has notified the eligibility but has not
   * finished registering it against the person's My Number, so the service answers "valid, not registered".
   */
  registrationPending?: boolean;
}

/** Whether the eligibility is in force on `date` (YYYYMMDD). */
export function isInForce(e: Eligibility, date: string): boolean {
  return e.qualificationDate <= date && (e.disqualificationDate === undefined || e.disqualificationDate > date);
}

/**
 * The record the service returns for an eligibility on `date`: the copay share is computed for that date; the cost-cap
 * certificate is included only when the patient consented to share it (`withLimitCertificate`).
 */
export function toInsuredRecord(e: Eligibility, date: string, withLimitCertificate: boolean): InsuredRecord {
  return {
    insurerNumber: e.insurer.number,
    insurerName: e.insurer.name,
    insuredCardSymbol: e.insuredCardSymbol,
    insuredIdentificationNumber: e.insuredIdentificationNumber,
    insuredBranchNumber: e.insuredBranchNumber,
    personalFamilyClassification: e.personalFamilyClassification,
    name: e.name,
    nameKana: e.nameKana,
    sex: e.sex,
    birthdate: e.birthdate,
    qualificationDate: e.qualificationDate,
    ...(e.disqualificationDate !== undefined ? { disqualificationDate: e.disqualificationDate } : {}),
    ...(e.reasonOfLoss !== undefined ? { reasonOfLoss: e.reasonOfLoss } : {}),
    copaymentRatio: copaymentRatio(e.birthdate, date, e.incomeCategory),
    ...(withLimitCertificate && e.limitApplicationCertificate !== undefined ? { limitApplicationCertificate: { ...e.limitApplicationCertificate } } : {}),
  };
}
