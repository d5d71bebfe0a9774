import { deflateSync } from "node:zlib";
import { concatBytes } from "../../apdu/tlv.ts";

/** What {@link oneBitPng} draws. */
export interface OneBitPngImage {
  width: number;
  height: number;
  /** Whether the pixel at (x, y) is ink (black). */
  ink: (x: number, y: number) => boolean;
  /** Text carried in an `iTXt` chunk (UTF-8), keyword `Description`: what the image shows, for tools and tests. */
  description: string;
}

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concatBytes(new TextEncoder().encode(type), data);
  return concatBytes(u32(data.length), typed, u32(crc32(typed)));
}

/**
 * A valid PNG, 1-bit greyscale (white 1, ink 0), as the card stores its rendered fields (myna-card `ImageFormat`: "the
 * rendered card-face fields are 1-bit greyscale"). Deterministic: the same image gives the same bytes.
 */
export function oneBitPng(image: OneBitPngImage): Uint8Array {
  const { width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError("image size must be positive");
  const stride = Math.ceil(width / 8);
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      if (image.ink(x, y)) continue;
      const at = row + 1 + (x >> 3);
      raw[at] = (raw[at] as number) | (0x80 >> (x & 7));
    }
  }
  const header = concatBytes(u32(width), u32(height), Uint8Array.of(1, 0, 0, 0, 0));
  const text = concatBytes(new TextEncoder().encode("Description"), Uint8Array.of(0, 0, 0, 0, 0), new TextEncoder().encode(image.description));
  return concatBytes(PNG_SIGNATURE, chunk("IHDR", header), chunk("iTXt", text), chunk("IDAT", new Uint8Array(deflateSync(raw, { level: 9 }))), chunk("IEND", new Uint8Array(0)));
}
