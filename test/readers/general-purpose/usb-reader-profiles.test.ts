import { describe, expect, test } from "vitest";
import { CCID_HEADER_BYTES, ReaderLimits, readerConfSnippet, UsbReaderProfiles } from "../../../sim/readers/general-purpose/index.ts";

describe("UsbReaderProfiles", () => {
  test("the RC-S300/P carries its public limits (CCID readers list, docs/domain/read-failures.md)", () => {
    const p = UsbReaderProfiles.rcS300P;
    expect(p.name).toBe("SONY FeliCa RC-S300/P");
    expect(p.maxMessageBytes).toBe(522);
    expect(p.ifsd).toBe(254);
    expect(p.extendedApdus).toBe(true);
    expect(p.atrStyle).toBe("part3");
    expect(p.maxMessageBytes - CCID_HEADER_BYTES).toBe(512);
  });

  test("one profile refuses extended APDUs, one puts the PUPI in the ATR, one stops waiting before a slow signature", () => {
    const all = Object.values(UsbReaderProfiles);
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length);
    expect(all.filter((p) => !p.extendedApdus).map((p) => p.id)).toEqual(["short-apdu-only"]);
    expect(all.filter((p) => p.atrStyle === "full-atqb").map((p) => p.id)).toEqual(["full-atqb-atr"]);
    expect(UsbReaderProfiles.androidRemoteReader.responseTimeoutMs).toBeLessThan(1500);
    for (const p of all) expect(p.notes).toMatch(/Public:|Modelled:/);
  });

  test("ReaderLimits: short commands pass everywhere; extended ones only where the reader takes them", () => {
    const shortRead = Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x00);
    const extendedRead = Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x00, 0x10, 0x00);
    for (const p of Object.values(UsbReaderProfiles)) expect(ReaderLimits.command(p, shortRead)).toBeUndefined();
    expect(ReaderLimits.command(UsbReaderProfiles.rcS300P, extendedRead)).toBeUndefined();
    expect(ReaderLimits.command(UsbReaderProfiles.shortApduOnly, extendedRead)).toMatch(/extended-length/);
    expect(ReaderLimits.response(UsbReaderProfiles.shortApduOnly, new Uint8Array(259))).toMatch(/extended-length responses/);
    expect(ReaderLimits.response(UsbReaderProfiles.shortApduOnly, new Uint8Array(258))).toBeUndefined();
  });

  test("readerConfSnippet: the one vpcd entry, named after the reader", () => {
    const text = readerConfSnippet(UsbReaderProfiles.rcS300P);
    expect(text).toContain('FRIENDLYNAME "SONY FeliCa RC-S300/P"');
    expect(text).toContain("DEVICENAME   /dev/null:0x8C7B");
    expect(text).toContain("LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so");
    expect(text).toContain("CHANNELID    0x8C7B");
    expect(() => readerConfSnippet({ ...UsbReaderProfiles.rcS300P, name: 'bad "name"' })).toThrow(RangeError);
  });
});
