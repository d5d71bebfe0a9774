import type { DeviceKind } from "../contract/identity-proof.ts";

/**
 * Usage of online qualification, as the usage-rate statistics count it (docs/domain/load-figures.md): every successful online
 * qualification, those by My Number (card or phone), and those by phone. Only answered qualifications count; a refused
 * one or a fallback does not (docs/domain/rules.md).
 */
export interface UsageCounts {
  /** Every successful online qualification (by My Number and by insurance data). */
  onlineQualifications: number;
  /** By My Number: card and phone. */
  myNumberUses: number;
  /** By My Number Card. */
  cardUses: number;
  /** By phone (iPhone + Android). */
  phoneUses: number;
  iphoneUses: number;
  androidUses: number;
  /** By insurance data (ReferenceClassification 2). */
  insuranceDataQueries: number;
}

/** All zeros. */
export function emptyUsage(): UsageCounts {
  return { onlineQualifications: 0, myNumberUses: 0, cardUses: 0, phoneUses: 0, iphoneUses: 0, androidUses: 0, insuranceDataQueries: 0 };
}

/** Counts one successful qualification into `counts`: by device kind, or by insurance data when `deviceKind` is absent. */
export function countUse(counts: UsageCounts, deviceKind: DeviceKind | undefined): void {
  counts.onlineQualifications++;
  if (deviceKind === undefined) {
    counts.insuranceDataQueries++;
    return;
  }
  counts.myNumberUses++;
  if (deviceKind === "card") counts.cardUses++;
  else {
    counts.phoneUses++;
    if (deviceKind === "iphone") counts.iphoneUses++;
    else counts.androidUses++;
  }
}
