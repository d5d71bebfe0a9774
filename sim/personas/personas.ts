import { completeMyNumber } from "./my-number.ts";
import type { CertificateStatus, Persona, Sex } from "./persona.ts";

// name, kana, birth date, sex, certificate status. Fiction throughout.
const ROWS: ReadonlyArray<readonly [string, string, string, Sex, CertificateStatus]> = [
  ["山田 太郎", "ヤマダ タロウ", "1980-04-01", "male", "valid"],
  ["佐藤 花子", "サトウ ハナコ", "1992-11-23", "female", "valid"],
  ["鈴木 一郎", "スズキ イチロウ", "1948-02-14", "male", "valid"],
  ["高橋 美咲", "タカハシ ミサキ", "2001-07-07", "female", "valid"],
  ["田中 健", "タナカ ケン", "1975-09-30", "male", "expiring"],
  ["伊藤 さくら", "イトウ サクラ", "1968-03-21", "female", "expired-in-grace"],
  ["渡辺 大輔", "ワタナベ ダイスケ", "1985-12-05", "male", "expired"],
  ["中村 優子", "ナカムラ ユウコ", "1990-06-18", "female", "revoked"],
  ["小林 蓮", "コバヤシ レン", "2015-05-02", "male", "valid"],
  ["加藤 陽菜", "カトウ ヒナ", "2012-01-15", "female", "valid"],
  ["吉田 誠", "ヨシダ マコト", "1939-10-10", "male", "valid"],
  ["山本 恵", "ヤマモト メグミ", "1957-08-08", "female", "valid"],
  ["松本 翔", "マツモト ショウ", "1999-02-28", "male", "valid"],
  ["井上 千尋", "イノウエ チヒロ", "1983-04-12", "other", "valid"],
  ["木村 拓也", "キムラ タクヤ", "1972-11-03", "male", "valid"],
  ["林 由美", "ハヤシ ユミ", "1964-07-19", "female", "expiring"],
  ["清水 浩二", "シミズ コウジ", "1951-01-31", "male", "valid"],
  ["山口 愛", "ヤマグチ アイ", "2008-09-09", "female", "valid"],
  ["森 隆", "モリ タカシ", "1945-06-06", "male", "expired-in-grace"],
  ["池田 結衣", "イケダ ユイ", "1996-03-03", "female", "valid"],
  ["橋本 悠斗", "ハシモト ユウト", "2010-12-24", "male", "valid"],
  ["阿部 直美", "アベ ナオミ", "1978-05-27", "female", "expired"],
  ["石川 亮", "イシカワ リョウ", "1988-08-16", "male", "valid"],
  ["前田 彩", "マエダ アヤ", "1970-10-22", "female", "valid"],
];

const ADDRESSES = [
  "東京都千代田区霞が関一丁目2番2号",
  "大阪府大阪市北区中之島一丁目3番20号",
  "愛知県名古屋市中区三の丸三丁目1番1号",
  "福岡県福岡市博多区東公園7番7号",
  "北海道札幌市中央区北3条西6丁目",
  "宮城県仙台市青葉区本町三丁目8番1号",
];

function persona(index: number): Persona {
  const row = ROWS[index] as (typeof ROWS)[number];
  const [name, nameKana, birthDate, sex, certificateStatus] = row;
  const n = index + 1;
  // 11-digit body spread over the number space, deterministic per index.
  const body = String((31_415_926_535 + n * 2_718_281_828) % 90_000_000_000 + 10_000_000_000);
  const expiryYear = 2028 + (index % 6);
  return {
    id: `P${String(n).padStart(4, "0")}`,
    name,
    nameKana,
    birthDate,
    sex,
    address: ADDRESSES[index % ADDRESSES.length] as string,
    myNumber: completeMyNumber(body),
    cardExpiry: `${expiryYear}-${birthDate.slice(5)}`,
    securityCode: String((n * 7_919) % 10_000).padStart(4, "0"),
    certificateStatus,
  };
}

/**
 * The built-in synthetic population: 24 personas with stable IDs `P0001`…`P0024`, mixing ages (children under 15:
 * P0009, P0010, P0021 at the time of writing — a card issued to them before their 15th birthday carries no signing
 * certificate, see `holdsSigningCertificate`; 75 and over: P0003, P0011, P0019), sexes (P0014 "other", written `9` on
 * the card) and certificate states
 * (valid, expiring: P0005 P0016, expired within the card's 3-month grace: P0006 P0019, expired beyond it: P0007 P0022,
 * revoked: P0008).
 */
export const BUILT_IN_PERSONAS: readonly Persona[] = Object.freeze(ROWS.map((_, i) => Object.freeze(persona(i))));

/** The built-in persona with `id`; throws a `RangeError` naming the known IDs otherwise. */
export function findPersona(id: string): Persona {
  const p = BUILT_IN_PERSONAS.find((x) => x.id === id);
  if (!p) throw new RangeError(`unknown persona "${id}" (built-in: P0001…P${String(BUILT_IN_PERSONAS.length).padStart(4, "0")})`);
  return p;
}
