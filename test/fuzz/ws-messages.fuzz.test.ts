import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { TransportError } from "../../sim/apdu/index.ts";
import { decodeWsError, decodeWsMessage, encodeWsError, encodeWsMessage, WS_HEADER_LENGTH } from "../../sim/transport/index.ts";
import { fuzzParameters } from "../support/fuzz-runs.ts";

describe("fuzz: device-bus messages (ws frames between a device host and a reader)", () => {
  test.prop([fc.uint8Array({ maxLength: 300 })], fuzzParameters(2000))("any bytes decode to a message or a protocol TransportError", (bytes) => {
    try {
      const message = decodeWsMessage(bytes);
      expect(bytes.length).toBeGreaterThanOrEqual(WS_HEADER_LENGTH);
      expect(encodeWsMessage(message.type, message.id, message.payload)).toEqual(Buffer.from(bytes));
    } catch (error) {
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).code).toBe("protocol");
    }
  });

  test.prop([fc.uint8Array({ maxLength: 300 })], fuzzParameters(2000))("any ERROR payload decodes to a TransportError (never throws)", (payload) => {
    expect(decodeWsError(payload)).toBeInstanceOf(TransportError);
  });

  test.prop([fc.nat({ max: 0xffffffff }), fc.constantFrom("removed", "closed", "timeout", "protocol", "unavailable", "io" as const), fc.string({ maxLength: 200 })], fuzzParameters(500))(
    "an encoded error keeps its code and message",
    (id, code, message) => {
      const decoded = decodeWsError(decodeWsMessage(encodeWsError(id, code, message)).payload);
      expect(decoded.code).toBe(code);
      expect(decoded.message).toBe(`device bus: ${message}`);
    },
  );
});
