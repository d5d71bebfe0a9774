import { type Persona, BUILT_IN_PERSONAS } from "../personas/index.ts";
import type { IncomeCategory } from "./copayment-ratio.ts";
import type { Eligibility } from "./eligibility.ts";
import type { InsurerKind } from "./insurer.ts";
import { findInsurer, prefectureOf } from "./insurer.ts";
import { addYears, compactDate, firstOfMonth } from "./japan-date.ts";
import type { QualificationValidity, ReasonOfLoss } from "../contract/qualification-result.ts";

/**
 * Which built-in personas answer which QualificationValidity (SYNTHETIC data; the rest answer 1 有効):
 * - 2 無効: P0013 (left his job, 資格喪失 99 two months before the reference date), P0020 (public assistance, 02);
 * - 3 無効（新しい資格あり）: P0012 (lost her 協会けんぽ eligibility on the first of the reference month, reason 03;
 *   a 国保 eligibility starts on the first of next month);
 * - 4 該当資格なし: P0023 (certificate linked, no eligibility on record);
 * - 5 複数該当 (insurance-data queries only): P0010 and her twin share insurer, symbol, number and birth date — a query
 *   without the branch number matches both;
 * - 6 有効（未登録）: P0024 (moved to a 共済組合 on the first of the reference month; registration pending, MODELLED).
 * Families (家族): P0009, P0018, P0021 and P0010 (+ twin) under synthetic card-less holders. 75 and over move to the
 * prefecture's 後期高齢者 union on the 75th birthday (P0003, P0011, P0017, P0019). Cost-cap certificates: P0011, P0014.
 */
export const PERSONA_CASES: Readonly<Record<Exclude<QualificationValidity, "1">, readonly string[]>> = {
  "2": ["P0013", "P0020"],
  "3": ["P0012"],
  "4": ["P0023"],
  "5": ["P0010"],
  "6": ["P0024"],
};

interface Holder {
  id: string;
  name: string;
  kana: string;
  sex: "1" | "2";
  birthdate: string;
}

interface Row {
  kind: InsurerKind | "none";
  since: string;
  /** A family member of a synthetic holder, with this branch number. */
  family?: { holder: Holder; branch: string };
  income?: IncomeCategory;
  limit?: "ウ" | "区分Ⅱ";
  /** Lost on the given month offset from the reference month, with a reason. */
  lost?: { months: number; reason: ReasonOfLoss };
  /** After a loss: the next eligibility, from the first of the reference month plus `months`. */
  next?: { kind: InsurerKind; months: number; pending?: boolean };
}

const KOBAYASHI: Holder = { id: "H-P0009", name: "小林\u3000大樹", kana: "コバヤシ\u3000ダイキ", sex: "1", birthdate: "19840310" };
const KATO: Holder = { id: "H-P0010", name: "加藤\u3000修", kana: "カトウ\u3000オサム", sex: "1", birthdate: "19800601" };
const YAMAGUCHI: Holder = { id: "H-P0018", name: "山口\u3000浩", kana: "ヤマグチ\u3000ヒロシ", sex: "1", birthdate: "19761201" };
const HASHIMOTO: Holder = { id: "H-P0021", name: "橋本\u3000真一", kana: "ハシモト\u3000シンイチ", sex: "1", birthdate: "19790707" };

const ROWS: Readonly<Record<string, Row>> = {
  P0001: { kind: "kyokai", since: "20030401" },
  P0002: { kind: "kumiai", since: "20150401" },
  P0003: { kind: "kokuho", since: "20080401", income: "general-high" },
  P0004: { kind: "kokuho", since: "20210401" },
  P0005: { kind: "kyosai", since: "19980401" },
  P0006: { kind: "kokuho", since: "20100401" },
  P0007: { kind: "kyokai", since: "20080401" },
  P0008: { kind: "kyokai", since: "20130401" },
  P0009: { kind: "kyokai", since: "20150502", family: { holder: KOBAYASHI, branch: "01" } },
  P0010: { kind: "kumiai", since: "20120115", family: { holder: KATO, branch: "02" } },
  P0011: { kind: "kokuho", since: "20000401", limit: "区分Ⅱ" },
  P0012: { kind: "kyokai", since: "19950401", lost: { months: 0, reason: "03" }, next: { kind: "kokuho", months: 1 } },
  P0013: { kind: "kumiai", since: "20210401", lost: { months: -2, reason: "99" } },
  P0014: { kind: "kumiai", since: "20060401", limit: "ウ" },
  P0015: { kind: "kokuho", since: "20020401" },
  P0016: { kind: "kyokai", since: "19900401" },
  P0017: { kind: "kyokai", since: "19730401", income: "active" },
  P0018: { kind: "kyokai", since: "20080909", family: { holder: YAMAGUCHI, branch: "01" } },
  P0019: { kind: "kyokai", since: "19680401" },
  P0020: { kind: "kokuho", since: "20180401", lost: { months: -3, reason: "02" } },
  P0021: { kind: "kumiai", since: "20101224", family: { holder: HASHIMOTO, branch: "02" } },
  P0022: { kind: "kokuho", since: "20040401" },
  P0023: { kind: "none", since: "" },
  P0024: { kind: "kokuho", since: "19920401", lost: { months: 0, reason: "03" }, next: { kind: "kyosai", months: 0, pending: true } },
};

/** Employer-based insurers are national or in the employer's prefecture, not the home's. */
function insurerPrefecture(kind: InsurerKind, home: string, personaIndex: number): string {
  if (kind === "kyosai") return "13";
  if (kind === "kumiai") return personaIndex % 2 === 0 ? "13" : "27";
  return home;
}

/** 記号 and 番号, deterministic from the holder's index and unique among the built-ins. */
function cardNumbers(kind: InsurerKind, n: number): { symbol: string; number: string } {
  switch (kind) {
    case "kyokai":
      return { symbol: String(10_000_000 + ((n * 7_654_321) % 89_999_999)), number: String(100 + n) };
    case "kumiai":
      return { symbol: String(1000 + n * 11), number: String(500 + n) };
    case "kyosai":
      return { symbol: String(300 + n), number: String(20_000 + n * 13) };
    case "kokuho":
      return { symbol: String(10 + (n % 80)), number: String(1_000_000 + n * 4_099) };
    case "koki":
      return { symbol: "", number: String(30_000_000 + n * 97_531) };
  }
}

function sexCode(persona: Persona): "1" | "2" | "3" {
  return persona.sex === "male" ? "1" : persona.sex === "female" ? "2" : "3";
}

/** The last 1 August on or before `date` and the 31 July after it: the yearly validity of a cost-cap certificate. */
function limitValidity(date: string): { validFrom: string; validTo: string } {
  const year = Number(date.slice(0, 4)) - (date.slice(4) < "0801" ? 1 : 0);
  return { validFrom: `${year}0801`, validTo: `${year + 1}0731` };
}

/**
 * The registry rows of the built-in personas (and their synthetic family holders and twin), relative to the reference
 * date `referenceDate` (YYYYMMDD) for the cases that must hold "now" (losses and new eligibilities). Deterministic.
 */
export function personaEligibilities(referenceDate: string, personas: readonly Persona[] = BUILT_IN_PERSONAS): Eligibility[] {
  const out: Eligibility[] = [];
  personas.forEach((persona) => {
    const row = ROWS[persona.id];
    if (row === undefined || row.kind === "none") return;
    const index = Number(persona.id.slice(1));
    const home = prefectureOf(persona.address);
    const birthdate = compactDate(persona.birthDate);
    const insurer = findInsurer(row.kind, insurerPrefecture(row.kind, home, index));
    const numbers = cardNumbers(row.kind, index);
    const self = {
      name: persona.name.replace(" ", "\u3000"),
      nameKana: persona.nameKana.replace(" ", "\u3000"),
      sex: sexCode(persona),
      birthdate,
      incomeCategory: row.income ?? "general",
    };
    const base: Eligibility = {
      personId: persona.id,
      insurer,
      insuredCardSymbol: numbers.symbol,
      insuredIdentificationNumber: numbers.number,
      insuredBranchNumber: row.family?.branch ?? "00",
      personalFamilyClassification: row.family === undefined || insurer.kind === "kokuho" ? "1" : "2",
      ...self,
      qualificationDate: row.since,
      ...(row.limit !== undefined ? { limitApplicationCertificate: { classification: row.limit, ...limitValidity(referenceDate) } } : {}),
    };
    if (row.lost !== undefined) {
      base.disqualificationDate = firstOfMonth(referenceDate, row.lost.months);
      base.reasonOfLoss = row.lost.reason;
    }
    out.push(base);
    if (row.family !== undefined) {
      const { holder } = row.family;
      if (!out.some((e) => e.personId === holder.id)) {
        out.push({ ...base, personId: holder.id, insuredBranchNumber: "00", personalFamilyClassification: "1", name: holder.name, nameKana: holder.kana, sex: holder.sex, birthdate: holder.birthdate, incomeCategory: "general", qualificationDate: "20050401" });
      }
      if (persona.id === "P0010") {
        out.push({ ...base, personId: "T-P0010", insuredBranchNumber: "03", name: "加藤\u3000陽向", nameKana: "カトウ\u3000ヒナタ", sex: "2" });
      }
    }
    if (row.next !== undefined) {
      const next = findInsurer(row.next.kind, insurerPrefecture(row.next.kind, home, index));
      const nextNumbers = cardNumbers(row.next.kind, index);
      out.push({
        ...self,
        personId: persona.id,
        insurer: next,
        insuredCardSymbol: nextNumbers.symbol,
        insuredIdentificationNumber: nextNumbers.number,
        insuredBranchNumber: "00",
        personalFamilyClassification: "1",
        qualificationDate: firstOfMonth(referenceDate, row.next.months),
        ...(row.next.pending === true ? { registrationPending: true } : {}),
      });
    }
    // 後期高齢者医療: from the 75th birthday the person leaves the previous insurer for the prefecture's union.
    const seventyFifth = addYears(birthdate, 75);
    if (row.lost === undefined && seventyFifth <= referenceDate) {
      base.disqualificationDate = seventyFifth;
      base.reasonOfLoss = "99";
      const koki = findInsurer("koki", home);
      const kokiNumbers = cardNumbers("koki", index);
      out.push({
        ...self,
        personId: persona.id,
        insurer: koki,
        insuredCardSymbol: kokiNumbers.symbol,
        insuredIdentificationNumber: kokiNumbers.number,
        insuredBranchNumber: "00",
        personalFamilyClassification: "1",
        qualificationDate: seventyFifth,
        ...(base.limitApplicationCertificate !== undefined ? { limitApplicationCertificate: base.limitApplicationCertificate } : {}),
      });
    }
  });
  return out;
}
