import type { ScreenStateId } from "./screen-machine.ts";

/** How the patient wants the prescription: electronic (電子処方箋) or on paper (紙の処方箋). */
export type PrescriptionChoice = "electronic" | "paper";

/** An answer on a consent screen: yes/no, or the prescription choice. */
export type ConsentAnswer = boolean | PrescriptionChoice;

/** The patient's answers on the consent screens (docs/domain/counter-flow.md). */
export interface ConsentAnswers {
  /** 薬剤情報 drug information. */
  drug: boolean;
  /** 特定健診情報 specific health check information. */
  healthCheck: boolean;
  /** 診療情報 clinical information. */
  clinical: boolean;
  /** 手術情報 surgery information. */
  surgery: boolean;
  /** 限度額情報 cost-cap (限度額適用認定証関連) data. */
  costCap: boolean;
  /** 電子処方箋 or 紙の処方箋. */
  prescription: PrescriptionChoice;
}

/** Which answer each consent screen records. */
export const CONSENT_SCREENS: Readonly<Partial<Record<ScreenStateId, keyof ConsentAnswers>>> = Object.freeze({
  "consent-drug": "drug",
  "consent-health-check": "healthCheck",
  "consent-clinical": "clinical",
  "consent-surgery": "surgery",
  "consent-cost-cap": "costCap",
  "consent-prescription": "prescription",
});
