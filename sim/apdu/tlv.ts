/** A BER-TLV element (ISO 7816-4 §5.2 / X.690): tag as a number (multi-byte tags concatenated, e.g. 0xDF21), value bytes. */
export interface Tlv {
  tag: number;
  value: Uint8Array;
}

/** Where an element lies in the bytes it was read from, with the element itself. */
export interface LocatedTlv {
  tlv: Tlv;
  /** Offset of the value's first byte: the value is `bytes[start, next)`. */
  start: number;
  /** Offset just past the element. */
  next: number;
}

/** How strictly {@link readTlv} reads. */
export interface TlvReadOptions {
  /** Where the enclosing data ends: an element must end at or before it (default and at most `bytes.length`). */
  limit?: number;
  /** Most octets a long-form length may have (default 3; DER certificates are read with 4). */
  maxLengthOctets?: number;
}

/** Encodes a BER length in definite form, with the fewest octets (which is also DER's form). */
export function encodeBerLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

/** The bytes of a tag given as a number, as {@link Tlv} holds it (`0xDF21` → `DF 21`, `0x30` → `30`). */
export function encodeTag(tag: number): Uint8Array {
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

/**
 * The element at `offset`: its tag and value, where its value starts and the offset just past it. Lengths must be
 * definite (no 0x80 form). Throws `RangeError` on input truncated before `options.limit`, tags longer than 3 bytes and
 * long-form lengths of more than `options.maxLengthOctets` octets.
 */
export function readTlv(bytes: Uint8Array, offset = 0, options: TlvReadOptions = {}): LocatedTlv {
  const limit = Math.min(options.limit ?? bytes.length, bytes.length);
  const maxLengthOctets = options.maxLengthOctets ?? 3;
  let i = offset;
  const need = (k: number) => {
    if (i + k > limit) throw new RangeError(`TLV truncated at offset ${i}`);
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
    if (k === 0 || k > maxLengthOctets) throw new RangeError(`unsupported BER length form 0x${length.toString(16)}`);
    need(k);
    length = 0;
    for (let j = 0; j < k; j++) length = length * 256 + (bytes[i++] as number);
  }
  need(length);
  return { tlv: { tag, value: bytes.subarray(i, i + length) }, start: i, next: i + length };
}

/** The consecutive elements from `offset` up to `options.limit` (default: the end of `bytes`), each with where it lies. */
export function readLocatedTlvList(bytes: Uint8Array, offset = 0, options: TlvReadOptions = {}): LocatedTlv[] {
  const limit = Math.min(options.limit ?? bytes.length, bytes.length);
  const out: LocatedTlv[] = [];
  for (let i = offset; i < limit; ) {
    const element = readTlv(bytes, i, options);
    out.push(element);
    i = element.next;
  }
  return out;
}

/** All consecutive elements in `bytes`. */
export function readTlvList(bytes: Uint8Array): Tlv[] {
  return readLocatedTlvList(bytes).map((element) => element.tlv);
}
