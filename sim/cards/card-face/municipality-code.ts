/** The issuing municipalities of the catalogue's addresses, by address prefix, with their 5-digit 全国地方公共団体コード. */
const CODES: readonly (readonly [string, string])[] = [
  ["東京都千代田区", "13101"],
  ["大阪府大阪市北区", "27127"],
  ["愛知県名古屋市中区", "23106"],
  ["福岡県福岡市博多区", "40132"],
  ["北海道札幌市中央区", "01101"],
  ["宮城県仙台市青葉区", "04101"],
];

/**
 * The 5 ASCII digits of card-face `0003/DF34`, the issuing municipality's 全国地方公共団体コード (myna-card
 * `ApBasicData.municipality_code`), looked up from the holder's address; `00000` for an address not in the table
 * (modelled: the simulator has no full code list).
 */
export function municipalityCode(address: string): string {
  return CODES.find(([prefix]) => address.startsWith(prefix))?.[1] ?? "00000";
}
