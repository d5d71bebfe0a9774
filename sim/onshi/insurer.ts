import { completeInsurerNumber } from "./insurer-number.ts";

/**
 * The kind of insurer, from its 法別番号: 01 協会けんぽ, 06 健康保険組合, 31 国家公務員共済組合, 39 後期高齢者医療
 * 広域連合; 国民健康保険 has 6-digit numbers without one.
 */
export type InsurerKind = "kyokai" | "kumiai" | "kyosai" | "kokuho" | "koki";

/** One insurer (保険者) of the synthetic registry. */
export interface Insurer {
  /** 保険者番号, 6 or 8 digits with a valid check digit. */
  number: string;
  name: string;
  kind: InsurerKind;
  /** 都道府県番号 (JIS X 0401), e.g. "13" for Tokyo. */
  prefecture: string;
}

/** The prefectures the built-in personas live in: JIS code and name as written at the start of an address. */
export const PREFECTURES: ReadonlyArray<{ code: string; name: string; city: string }> = [
  { code: "13", name: "東京都", city: "みどり市" },
  { code: "27", name: "大阪府", city: "なにわ市" },
  { code: "23", name: "愛知県", city: "さくら市" },
  { code: "40", name: "福岡県", city: "みずほ市" },
  { code: "01", name: "北海道", city: "しらかば市" },
  { code: "04", name: "宮城県", city: "あおば市" },
];

const LAW_NUMBER: Readonly<Record<Exclude<InsurerKind, "kokuho">, string>> = { kyokai: "01", kumiai: "06", kyosai: "31", koki: "39" };

/**
 * An insurer number of the synthetic registry. SYNTHETIC: 保険者別番号 are taken from the 9xx range (`901`, `902`…)
 * so that they read as made up; the check digit is the real algorithm's.
 */
export function syntheticInsurerNumber(kind: InsurerKind, prefecture: string, serial = 1): string {
  const own = String(900 + serial);
  return completeInsurerNumber(kind === "kokuho" ? prefecture + own : LAW_NUMBER[kind] + prefecture + own);
}

function perPrefecture(): Insurer[] {
  return PREFECTURES.flatMap(({ code, name, city }) => [
    { number: syntheticInsurerNumber("kyokai", code), name: `全国健康保険協会 ${name.replace(/[都府県]$/, "")}支部（模擬）`, kind: "kyokai" as const, prefecture: code },
    { number: syntheticInsurerNumber("kokuho", code), name: `${city}国民健康保険`, kind: "kokuho" as const, prefecture: code },
    { number: syntheticInsurerNumber("koki", code), name: `${name}後期高齢者医療広域連合（模擬）`, kind: "koki" as const, prefecture: code },
  ]);
}

/**
 * The synthetic insurers: for each persona prefecture a 協会けんぽ branch, a municipal 国保 (6-digit number) and the
 * 後期高齢者 union, plus two 健康保険組合 and a 共済組合. Names are fiction (or marked 模擬).
 */
export const BUILT_IN_INSURERS: readonly Insurer[] = Object.freeze(
  ([
  ...perPrefecture(),
  { number: syntheticInsurerNumber("kumiai", "13"), name: "みなと商事健康保険組合", kind: "kumiai", prefecture: "13" },
  { number: syntheticInsurerNumber("kumiai", "27", 2), name: "なにわ電機健康保険組合", kind: "kumiai", prefecture: "27" },
  { number: syntheticInsurerNumber("kyosai", "13"), name: "かすみ共済組合", kind: "kyosai", prefecture: "13" },
  ] satisfies Insurer[]).map((insurer): Insurer => Object.freeze(insurer)),
);

/** The built-in insurer of a kind in a prefecture (kumiai: the first of that prefecture). Throws a RangeError when none. */
export function findInsurer(kind: InsurerKind, prefecture: string): Insurer {
  const found = BUILT_IN_INSURERS.find((i) => i.kind === kind && i.prefecture === prefecture);
  if (found === undefined) throw new RangeError(`no built-in ${kind} insurer in prefecture ${prefecture}`);
  return found;
}

/** The prefecture code of an address that starts with a built-in prefecture's name. Throws a RangeError otherwise. */
export function prefectureOf(address: string): string {
  const found = PREFECTURES.find((p) => address.startsWith(p.name));
  if (found === undefined) throw new RangeError(`address is not in a built-in prefecture: ${address}`);
  return found.code;
}
