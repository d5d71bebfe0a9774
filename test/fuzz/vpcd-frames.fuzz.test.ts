import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { encodeVpcdFrame, VpcdFrameReader } from "../../sim/transport/index.ts";
import { fuzzParameters } from "../support/fuzz-runs.ts";

/** Cuts `bytes` at the given points (any order, duplicates allowed) into the chunks a socket might deliver. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(last, p));
    last = p;
  }
  return chunks;
}

describe("fuzz: the vpcd frame reader (the stream from pcscd's vpcd driver)", () => {
  test.prop([fc.array(fc.uint8Array({ maxLength: 600 }), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 40 })], fuzzParameters(1000))(
    "delivers exactly the frames sent, whatever the socket's chunking",
    (payloads, cuts) => {
      const stream = Uint8Array.from(payloads.flatMap((p) => [...encodeVpcdFrame(p)]));
      const got: Uint8Array[] = [];
      const reader = new VpcdFrameReader({ onFrame: (payload) => got.push(payload.slice()) });
      for (const chunk of split(stream, cuts)) reader.push(chunk);
      expect(got).toEqual(payloads);
      expect(reader.bufferedBytes).toBe(0);
    },
  );

  test.prop([fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 30 }), fc.integer({ min: 0, max: 300 })], fuzzParameters(1000))(
    "never throws on garbage, never buffers more than one frame, and oversized frames are skipped and reported",
    (chunks, maxPayload) => {
      const oversized: number[] = [];
      const reader = new VpcdFrameReader({ onFrame: (payload) => expect(payload.length).toBeLessThanOrEqual(maxPayload), onOversized: (n) => oversized.push(n) }, { maxPayload });
      for (const chunk of chunks) {
        reader.push(chunk);
        // What is buffered is at most one frame under construction (2 length bytes + an accepted payload).
        expect(reader.bufferedBytes).toBeLessThanOrEqual(2 + maxPayload);
      }
      for (const n of oversized) expect(n).toBeGreaterThan(maxPayload);
    },
  );
});
