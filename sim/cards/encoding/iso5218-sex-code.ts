import type { Sex } from "../../personas/index.ts";

/**
 * Sex as the card writes it, one ASCII digit of ISO 5218: `1` male, `2` female, `9` not applicable (jpki/myna Go
 * `TextAttrs.SexString`, jpki-rs `support.rs` name it ISO 5218; myna-card decodes the same digits as JIS X 0303, where
 * `0` is "not known"). The simulator writes `9` for the catalogue's "other".
 */
export function iso5218SexCode(sex: Sex): "1" | "2" | "9" {
  return sex === "male" ? "1" : sex === "female" ? "2" : "9";
}
