/**
 * Just enough DER to write and read the few structures @peculiar/x509 has no typed support for
 * (JPKI's otherName entries, the CRL number) and to walk a certificate to its extensions.
 */

/** A decoded tag-length-value: `tag` is the first identifier octet; content is `bytes[start, end)`. */
export interface DerElement {
  tag: number;
  start: number;
  end: number;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

/** One TLV with a single-octet tag. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(tag), encodeLength(content.length), content]);
}

/** SEQUENCE of already encoded elements. */
export function sequence(...elements: readonly Uint8Array[]): Uint8Array {
  return tlv(0x30, concat(elements));
}

/** Context-specific constructed tag `[n]` around already encoded content. */
export function contextConstructed(n: number, ...elements: readonly Uint8Array[]): Uint8Array {
  return tlv(0xa0 | n, concat(elements));
}

/** UTF8String. */
export function utf8String(text: string): Uint8Array {
  return tlv(0x0c, textEncoder.encode(text));
}

/** Non-negative INTEGER. */
export function integer(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError("only non-negative integers are supported");
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Uint8Array.from(Buffer.from(hex, "hex"));
  const content = (bytes[0] ?? 0) >= 0x80 ? concat([Uint8Array.of(0), bytes]) : bytes;
  return tlv(0x02, content);
}

/** OBJECT IDENTIFIER from dotted notation. */
export function objectIdentifier(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map((arc) => BigInt(arc));
  const [first, second, ...rest] = arcs;
  if (first === undefined || second === undefined) throw new RangeError(`bad OID ${dotted}`);
  const octets: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const group: number[] = [Number(arc & 0x7fn)];
    for (let remaining = arc >> 7n; remaining > 0n; remaining >>= 7n) group.unshift(Number(remaining & 0x7fn) | 0x80);
    octets.push(...group);
  }
  return tlv(0x06, Uint8Array.from(octets));
}

/** Reads the element at `offset`; throws RangeError on truncated or non-DER lengths. */
export function readElement(bytes: Uint8Array, offset: number, limit = bytes.length): DerElement {
  const tag = bytes[offset];
  const first = bytes[offset + 1];
  if (tag === undefined || first === undefined || offset + 2 > limit) throw new RangeError("truncated DER");
  if ((tag & 0x1f) === 0x1f) throw new RangeError("multi-octet tags are not supported");
  let length = first;
  let start = offset + 2;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4) throw new RangeError("unsupported DER length");
    length = 0;
    for (let i = 0; i < count; i++) {
      const octet = bytes[start + i];
      if (octet === undefined) throw new RangeError("truncated DER");
      length = length * 256 + octet;
    }
    start += count;
  }
  const end = start + length;
  if (end > limit) throw new RangeError("truncated DER");
  return { tag, start, end };
}

/** The elements directly inside a constructed element. */
export function readChildren(bytes: Uint8Array, parent: DerElement): DerElement[] {
  const children: DerElement[] = [];
  for (let offset = parent.start; offset < parent.end; ) {
    const child = readElement(bytes, offset, parent.end);
    children.push(child);
    offset = child.end;
  }
  return children;
}

/** Dotted notation of an OBJECT IDENTIFIER element. */
export function readObjectIdentifier(bytes: Uint8Array, element: DerElement): string {
  if (element.tag !== 0x06) throw new RangeError("not an OBJECT IDENTIFIER");
  const arcs: bigint[] = [];
  let value = 0n;
  for (let i = element.start; i < element.end; i++) {
    const octet = bytes[i] ?? 0;
    value = (value << 7n) | BigInt(octet & 0x7f);
    if ((octet & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    }
  }
  const [head, ...rest] = arcs;
  if (head === undefined) throw new RangeError("empty OBJECT IDENTIFIER");
  const first = head < 80n ? head / 40n : 2n;
  return [first, head - first * 40n, ...rest].join(".");
}

/** Text of a UTF8String (or another byte-per-character string type decoded as UTF-8). */
export function readText(bytes: Uint8Array, element: DerElement): string {
  return textDecoder.decode(bytes.subarray(element.start, element.end));
}
