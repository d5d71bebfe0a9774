/** A BER-TLV element (ISO 7816-4 §5.2 / X.690): tag as a number (multi-byte tags concatenated, e.g. 0xDF21), value bytes. */
export interface Tlv {
  tag: number;
  value: Uint8Array;
}

/** Encodes a BER length. */
export function encodeBerLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  if (length <= 0xffff) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  return Uint8Array.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
}

function encodeTag(tag: number): Uint8Array {
  const bytes: number[] = [];
  let t = tag;
  do {
    bytes.unshift(t & 0xff);
    t = Math.floor(t / 256);
  } while (t > 0);
  return Uint8Array.from(bytes);
}

/** Encodes one TLV element. */
export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const t = encodeTag(tag);
  const l = encodeBerLength(value.length);
  const out = new Uint8Array(t.length + l.length + value.length);
  out.set(t);
  out.set(l, t.length);
  out.set(value, t.length + l.length);
  return out;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

/** The element at `offset`: its tag, value and the offset just past it; throws `RangeError` on truncated input. */
export function readTlv(bytes: Uint8Array, offset = 0): { tlv: Tlv; next: number } {
  let i = offset;
  const need = (k: number) => {
    if (i + k > bytes.length) throw new RangeError(`TLV truncated at offset ${i}`);
  };
  need(1);
  let tag = bytes[i++] as number;
  if ((tag & 0x1f) === 0x1f) {
    // Multi-byte tag: subsequent bytes while bit 8 is set.
    let more = true;
    while (more) {
      need(1);
      const b = bytes[i++] as number;
      tag = tag * 256 + b;
      more = (b & 0x80) !== 0;
      if (tag > 0xffffff) throw new RangeError("TLV tag longer than 3 bytes");
    }
  }
  need(1);
  let length = bytes[i++] as number;
  if (length & 0x80) {
    const k = length & 0x7f;
    if (k === 0 || k > 3) throw new RangeError(`unsupported BER length form 0x${length.toString(16)}`);
    need(k);
    length = 0;
    for (let j = 0; j < k; j++) length = length * 256 + (bytes[i++] as number);
  }
  need(length);
  return { tlv: { tag, value: bytes.subarray(i, i + length) }, next: i + length };
}

/** All consecutive elements in `bytes`. */
export function readTlvList(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    const { tlv, next } = readTlv(bytes, i);
    out.push(tlv);
    i = next;
  }
  return out;
}
