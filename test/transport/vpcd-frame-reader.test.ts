import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { encodeVpcdFrame, VpcdFrameReader } from "../../sim/transport/vpcd-frame-reader.ts";

/** Concatenates frames into one stream and cuts it at the given points. */
function chunk(stream: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    out.push(stream.subarray(from, p));
    from = p;
  }
  out.push(stream.subarray(from));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

function decodeAll(chunks: Uint8Array[], maxPayload?: number): { frames: number[][]; oversized: number[]; reader: VpcdFrameReader } {
  const frames: number[][] = [];
  const oversized: number[] = [];
  const reader = new VpcdFrameReader(
    { onFrame: (p) => frames.push([...p]), onOversized: (n) => oversized.push(n) },
    maxPayload === undefined ? undefined : { maxPayload },
  );
  for (const c of chunks) reader.push(c);
  return { frames, oversized, reader };
}

const payloads = fc.array(fc.uint8Array({ minLength: 0, maxLength: 300 }), { maxLength: 20 });

describe("VpcdFrameReader", () => {
  test.prop([payloads, fc.array(fc.nat(), { maxLength: 40 })])("decodes any frames, chunked anyhow, to the same frames", (frames, cuts) => {
    const stream = concat(frames.map(encodeVpcdFrame));
    const { frames: decoded, reader } = decodeAll(chunk(stream, cuts));
    expect(decoded).toEqual(frames.map((f) => [...f]));
    expect(reader.state).toBe("length");
    expect(reader.bufferedBytes).toBe(0);
  });

  test.prop([payloads])("delivers frames one byte at a time", (frames) => {
    const stream = concat(frames.map(encodeVpcdFrame));
    const bytes = [...stream].map((b) => Uint8Array.of(b));
    expect(decodeAll(bytes).frames).toEqual(frames.map((f) => [...f]));
  });

  test.prop([payloads, fc.array(fc.nat(), { maxLength: 20 }), fc.integer({ min: 0, max: 200 })])(
    "skips oversized frames, reports their length, and stays in step",
    (frames, cuts, maxPayload) => {
      const stream = concat(frames.map(encodeVpcdFrame));
      const { frames: decoded, oversized } = decodeAll(chunk(stream, cuts), maxPayload);
      expect(decoded).toEqual(frames.filter((f) => f.length <= maxPayload).map((f) => [...f]));
      expect(oversized).toEqual(frames.filter((f) => f.length > maxPayload).map((f) => f.length));
    },
  );

  test("a zero-length frame is a frame with an empty payload", () => {
    const { frames } = decodeAll([Uint8Array.of(0, 0, 0, 1, 4, 0, 0)]);
    expect(frames).toEqual([[], [4], []]);
  });

  test("keeps a partial frame until the rest arrives", () => {
    const { frames, reader } = decodeAll([Uint8Array.of(0, 5, 0xa0, 0xa4)]);
    expect(frames).toEqual([]);
    expect(reader.state).toBe("payload");
    expect(reader.bufferedBytes).toBe(2);
    reader.push(Uint8Array.of(0x04, 0x0c, 0x00, 0x00));
    expect(frames).toEqual([[0xa0, 0xa4, 0x04, 0x0c, 0x00]]);
    expect(reader.state).toBe("length");
    expect(reader.bufferedBytes).toBe(1);
  });

  test("reset forgets a partial frame", () => {
    const { frames, reader } = decodeAll([Uint8Array.of(0x12, 0x34, 1, 2, 3)]);
    reader.reset();
    reader.push(Uint8Array.of(0, 1, 4));
    expect(frames).toEqual([[4]]);
  });

  test("a throwing handler does not corrupt the stream", () => {
    const seen: number[][] = [];
    let first = true;
    const reader = new VpcdFrameReader({
      onFrame: (p) => {
        seen.push([...p]);
        if (first) {
          first = false;
          throw new Error("handler failed");
        }
      },
    });
    expect(() => reader.push(Uint8Array.of(0, 1, 1, 0, 1, 2))).toThrow("handler failed");
    reader.push(new Uint8Array(0));
    reader.push(Uint8Array.of(0, 1, 4));
    expect(seen).toEqual([[1], [2], [4]]);
  });

  test("refuses impossible limits and payloads", () => {
    expect(() => new VpcdFrameReader({ onFrame: () => undefined }, { maxPayload: 70_000 })).toThrow(RangeError);
    expect(() => encodeVpcdFrame(new Uint8Array(65_536))).toThrow(RangeError);
  });
});
