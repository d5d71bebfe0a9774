import { fc, test } from "@fast-check/vitest";
import { describe, expect, vi } from "vitest";
import { fromHex, toHex } from "../../sim/apdu/hex.ts";
import { ApduTrace, formatTraceEntry, redactCommand } from "../../sim/trace/index.ts";

describe("secret commands are redacted by instruction, whatever their length says", () => {
  test("a malformed VERIFY with Lc=3 and four PIN digits shows no digit, not even as Le", () => {
    const { bytes, redacted } = redactCommand(fromHex("00200081 03 31323334"));
    expect(toHex(bytes)).toBe("0020008103");
    expect(redacted).toEqual({ at: 5, length: 4 });
    // The entry's time is printed too ("+0.031 ms" would contain "31"): a frozen clock keeps it at +0.000 ms.
    vi.useFakeTimers({ toFake: ["performance"] });
    try {
      const trace = new ApduTrace();
      const line = formatTraceEntry(trace.command("card", fromHex("00200081 03 31323334")));
      expect(line).toContain("00 20 00 81 03 <redacted 4 bytes>");
      expect(line).not.toMatch(/3[1-4]/);
    } finally {
      vi.useRealTimers();
    }
  });

  test("an extended secret command keeps its 3-byte Lc field and cuts the rest", () => {
    const { bytes, redacted } = redactCommand(fromHex("00240180 000008 3132333435363738 0000"));
    expect(toHex(bytes)).toBe("00240180000008");
    expect(redacted).toEqual({ at: 7, length: 10 });
  });

  test.prop([fc.constantFrom(0x20, 0x21, 0x24, 0x25, 0x2c), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ minLength: 1, maxLength: 300 })])(
    "after the header and the length field, no byte of any secret command survives",
    (ins, p2, rest) => {
      const command = Uint8Array.from([0x00, ins, 0x00, p2, ...rest]);
      const { bytes, redacted } = redactCommand(command);
      const kept = command[4] === 0 && command.length >= 7 ? 7 : 5;
      expect(toHex(bytes)).toBe(toHex(command.subarray(0, Math.min(kept, command.length))));
      expect((redacted?.length ?? 0) + bytes.length).toBe(command.length);
    },
  );
});
