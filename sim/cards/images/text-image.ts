import { createHash } from "node:crypto";
import { oneBitPng } from "./one-bit-png.ts";

/**
 * `text` rendered as the card renders a printed field — here as a row of stand-in glyphs, one `glyphWidth` × `height`
 * cell per character, each cell's pattern derived from its character (so the same text always gives the same image and
 * different characters differ) — in a 1-bit PNG whose `iTXt` Description is the text itself. Modelled: the card's own
 * glyphs are not reproduced; sizes follow myna-card's survey where it gives one (My Number 72×12, security code 24×12).
 */
export function textImage(text: string, glyphWidth: number, height: number): Uint8Array {
  const characters = [...text];
  const patterns = characters.map((c) => createHash("sha256").update(`glyph:${c}`).digest());
  return oneBitPng({
    width: Math.max(1, characters.length) * glyphWidth,
    height,
    description: text,
    ink: (x, y) => {
      const cell = Math.floor(x / glyphWidth);
      const gx = x % glyphWidth;
      // A one-pixel white margin round each glyph; inside, bits of the character's pattern.
      if (gx === 0 || gx === glyphWidth - 1 || y === 0 || y === height - 1) return false;
      const pattern = patterns[cell];
      if (pattern === undefined) return false;
      const bit = ((y - 1) * (glyphWidth - 2) + (gx - 1)) % (pattern.length * 8);
      return (((pattern[bit >> 3] as number) >> (bit & 7)) & 1) === 1;
    },
  });
}
