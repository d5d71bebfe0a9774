/**
 * Just enough DER to write and read the few structures @peculiar/x509 has no typed support for
 * (JPKI's otherName entries, the CRL number) and to walk a certificate to its extensions. The bytes are written and
 * read by sim/apdu's BER-TLV code, held here to DER's subset: single-octet tags, definite lengths.
 */
import { concatBytes, encodeTlv, type LocatedTlv, readLocatedTlvList, readTlv, type TlvReadOptions } from "../../apdu/index.ts";

/** A decoded tag-length-value: `tag` is the first identifier octet; content is `bytes[start, end)`. */
export interface DerElement {
  tag: number;
  start: number;
  end: number;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

/** DER reads accept long-form lengths of up to 4 octets (sim/apdu's default is 3). */
const DER_READ: TlvReadOptions = { maxLengthOctets: 4 };

/** One TLV with a single-octet tag. */
export function tlv(tag: number, content: Uint8Array): Uint8Array {
  return encodeTlv(tag, content);
}

/** SEQUENCE of already encoded elements. */
export function sequence(...elements: readonly Uint8Array[]): Uint8Array {
  return tlv(0x30, concatBytes(...elements));
}

/** Context-specific constructed tag `[n]` around already encoded content. */
export function contextConstructed(n: number, ...elements: readonly Uint8Array[]): Uint8Array {
  return tlv(0xa0 | n, concatBytes(...elements));
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
  const content = (bytes[0] ?? 0) >= 0x80 ? concatBytes(Uint8Array.of(0), bytes) : bytes;
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

/** Reads the element at `offset`, which must end by `limit`; throws RangeError on truncated or non-DER input. */
export function readElement(bytes: Uint8Array, offset: number, limit = bytes.length): DerElement {
  return derElement(readTlv(bytes, offset, { ...DER_READ, limit }));
}

/** The elements directly inside a constructed element. */
export function readChildren(bytes: Uint8Array, parent: DerElement): DerElement[] {
  return readLocatedTlvList(bytes, parent.start, { ...DER_READ, limit: parent.end }).map(derElement);
}

function derElement({ tlv, start, next }: LocatedTlv): DerElement {
  if (tlv.tag > 0xff) throw new RangeError("multi-octet tags are not supported");
  return { tag: tlv.tag, start, end: next };
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
