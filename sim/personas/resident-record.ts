import type { Persona } from "./persona.ts";

const FULL_WIDTH_OFFSET = 0xff10 - 0x30;

/**
 * The name as the residence record and the card write it: family and given name separated by an ideographic space
 * U+3000 (soltia48/myna-card's test card: `黒桐\u3000幹也`, `src/ap/text.rs`). The catalogue keeps an ASCII space.
 */
export function residentName(persona: Pick<Persona, "name">): string {
  return persona.name.replaceAll(" ", "\u3000");
}

/**
 * The address as the card writes it: block numbers in full-width digits and dashes (myna-card's test card:
 * `東京都清瀬市観布子南１２－７－２０２`, `src/ap/text.rs`). The catalogue keeps ASCII digits.
 */
export function residentAddress(persona: Pick<Persona, "address">): string {
  return persona.address.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + FULL_WIDTH_OFFSET)).replaceAll("-", "－");
}
