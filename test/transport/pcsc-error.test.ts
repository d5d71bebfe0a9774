import { describe, expect, test } from "vitest";
import { pcscError, pcscErrorCode } from "../../sim/transport/pcsc-error.ts";
import { TransportError } from "../../sim/apdu/index.ts";

describe("PC/SC error mapping", () => {
  test.each([
    ["Card was removed", "removed"],
    ["No smart card present", "removed"],
    ["Operation timed out", "timeout"],
    ["Reader unavailable", "unavailable"],
    ["Unknown reader", "unavailable"],
    ["PC/SC service not running", "unavailable"],
    ["No readers available", "unavailable"],
    ["Card is not connected", "closed"],
    ["Transaction failed", "io"],
    ["Card is unresponsive", "io"],
  ])("%s → %s", (message, code) => {
    expect(pcscErrorCode(new Error(message))).toBe(code);
  });

  test("uses an SCARD_* code when the error carries one", () => {
    expect(pcscErrorCode(Object.assign(new Error("whatever"), { code: 0x80100069 }))).toBe("removed");
    expect(pcscErrorCode(Object.assign(new Error("whatever"), { code: -2146435060 }))).toBe("removed"); // SCARD_E_NO_SMARTCARD as a signed LONG
  });

  test("wraps with the operation and keeps the cause", () => {
    const cause = new Error("Card was removed");
    const wrapped = pcscError('transmit on "R"', cause);
    expect(wrapped).toBeInstanceOf(TransportError);
    expect(wrapped.message).toBe('PC/SC transmit on "R": Card was removed');
    expect(wrapped.cause).toBe(cause);
    expect(pcscError("x", wrapped)).toBe(wrapped);
  });
});
