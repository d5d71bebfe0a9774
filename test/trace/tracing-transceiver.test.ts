import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { CommandApdu } from "../../sim/apdu/command-apdu.ts";
import { fromHex, toHex } from "../../sim/apdu/hex.ts";
import { ApduTrace, redactCommand, TracingTransceiver } from "../../sim/trace/index.ts";
import { TransportError, type Transceiver } from "../../sim/apdu/index.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { EchoDevice } from "../support/echo-device.ts";

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Every form of the trace a person or tool could see. */
function allOutputs(trace: ApduTrace): string {
  return [trace.toText(), trace.toJsonLines(), JSON.stringify(trace), String(trace), JSON.stringify(trace.toJSON())].join("\n");
}

/** Asserts `secret` appears in no output: not as hex (with or without spaces), not as ASCII. */
function expectAbsent(trace: ApduTrace, secret: Uint8Array): void {
  const out = allOutputs(trace);
  const upper = out.toUpperCase();
  expect(upper).not.toContain(toHex(secret));
  expect(upper).not.toContain(toHex(secret, " "));
  expect(out).not.toContain(new TextDecoder().decode(secret));
}

function traced(options?: { revealSecrets?: boolean }): { trace: ApduTrace; t: TracingTransceiver; device: EchoDevice } {
  const device = new EchoDevice();
  const trace = new ApduTrace();
  return { trace, device, t: new TracingTransceiver(new InProcessTransceiver(device), trace, options) };
}

describe("TracingTransceiver", () => {
  test("VERIFY and CHANGE REFERENCE DATA data never reaches text or JSON", async () => {
    const { trace, t } = traced();
    const pin = ascii("1234");
    const password = ascii("MYNA2025");
    expect(toHex(await t.transmit(CommandApdu.of({ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: pin }).encode()))).toBe("9000");
    await t.transmit(CommandApdu.of({ cla: 0, ins: 0x24, p1: 1, p2: 0x80, data: password }).encode());
    expectAbsent(trace, pin);
    expectAbsent(trace, password);
    const text = trace.toText();
    expect(text).toContain("00 20 00 80 04 <redacted 4 bytes>");
    expect(text).toContain("00 24 01 80 08 <redacted 8 bytes>");
    const json = trace.toJsonLines().trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json[0]).toMatchObject({ direction: "command", hex: "0020008004", redacted: { at: 5, length: 4 } });
    expect(json[1]).toMatchObject({ direction: "response", hex: "9000", sw: "9000", status: "9000 OK" });
    expect(trace.entries[0]?.bytes).toEqual(fromHex("0020008004"));
  });

  test("other APDUs are recorded whole, with status word and duration", async () => {
    const { trace, t } = traced();
    await t.transmit(fromHex("00A4040C 0A D392F000260100000001"));
    await t.transmit(fromHex("00B0000004"));
    await t.transmit(fromHex("0020"));
    const [cmd, rsp, , rsp2, , rsp3] = trace.entries;
    expect(cmd).toMatchObject({ seq: 1, direction: "command", link: "in-process:echo device" });
    expect(toHex(cmd!.bytes)).toBe("00A4040C0AD392F000260100000001");
    expect(rsp).toMatchObject({ direction: "response", sw: 0x9000 });
    expect(rsp!.durationMs).toBeGreaterThanOrEqual(0);
    expect(toHex(rsp2!.bytes)).toBe("000102039000");
    expect(rsp3).toMatchObject({ sw: 0x6700 });
    expect(trace.toText()).toMatch(/<< {2}67 00 {2}\[6700 WRONG_LENGTH\]/);
    expect(trace.entries.map((e) => e.time)).toEqual([...trace.entries.map((e) => e.time)].sort((a, b) => a - b));
  });

  test("revealSecrets records the PIN", async () => {
    const { trace, t } = traced({ revealSecrets: true });
    await t.transmit(fromHex("00200080 04 31323334"));
    expect(trace.toText()).toContain("00 20 00 80 04 31 32 33 34");
    expect(trace.toText()).not.toContain("redacted");
  });

  test("reset, ATR, close and errors are events", async () => {
    const { trace, t } = traced();
    await t.reset();
    await t.atr();
    await t.close();
    await expect(t.transmit(fromHex("00200080 04 39393939"))).rejects.toBeInstanceOf(TransportError);
    expect(trace.entries.map((e) => e.event ?? e.direction)).toEqual(["reset", "atr", "close", "command", "error"]);
    expect(trace.entries[4]?.detail).toMatch(/^closed: /);
    expectAbsent(trace, ascii("9999"));
  });

  test("the recorder keeps a bounded number of entries", async () => {
    const device = new EchoDevice();
    const trace = new ApduTrace({ limit: 10 });
    const t: Transceiver = new TracingTransceiver(new InProcessTransceiver(device), trace);
    for (let i = 0; i < 100; i++) await t.transmit(fromHex("00100000"));
    expect(trace.entries.length).toBeLessThanOrEqual(13);
    expect(trace.entries.length + trace.dropped).toBe(200);
    expect(trace.entries.at(-1)?.seq).toBe(200);
  });

  test.prop([
    fc.constantFrom(0x20, 0x21, 0x24, 0x25, 0x2c),
    fc.uint8Array({ minLength: 1, maxLength: 300 }),
    fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
    fc.boolean(),
  ])("redaction keeps the header and the length field of any secret command and cuts the rest (data and any Le)", (ins, data, ne, extended) => {
    const command = CommandApdu.of({ cla: 0x00, ins, p1: 0, p2: 0x80, data, ...(ne !== undefined ? { ne } : {}), extended }).encode();
    const { bytes, redacted } = redactCommand(command);
    const at = extended ? 7 : 5;
    expect(redacted).toEqual({ at, length: command.length - at });
    expect(toHex(bytes)).toBe(toHex(command.subarray(0, at)));
    expect(redacted?.length).toBeGreaterThanOrEqual(data.length);
  });

  test("a malformed secret command keeps only its first five bytes", () => {
    const { bytes, redacted } = redactCommand(fromHex("00200080 09 31323334"));
    expect(toHex(bytes)).toBe("0020008009");
    expect(redacted).toEqual({ at: 5, length: 4 });
  });
});
