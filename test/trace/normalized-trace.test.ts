import { fc, test as propertyTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { fromHex } from "../../sim/apdu/index.ts";
import { ApduTrace, normalizeTrace, normalizeTraceLines, normalizeVolatileText, type TraceEntry } from "../../sim/trace/index.ts";
import { findScenario } from "../../scenarios/catalogue/catalogue.ts";
import { runScenario } from "../../scenarios/catalogue/run-scenario.ts";

/** Records `pairs` of command / response hex on one link. */
function traceOf(pairs: readonly (readonly [string, string])[], link = "reader:phone"): ApduTrace {
  const trace = new ApduTrace();
  for (const [command, response] of pairs) {
    trace.command(link, fromHex(command));
    trace.response(link, fromHex(response), 0.123);
  }
  return trace;
}

describe("the normalized trace (docs/domain/traces.md)", () => {
  test("names commands by sim/jpki's AIDs and EFs, with the status word's meaning", () => {
    const trace = traceOf([
      ["00A4040C0AD392F000260100000001", "9000"],
      ["00A4020C020018", "9000"],
      ["0020008004" + "31323334", "63C2"],
      ["00A4020C02000A", "9000"],
      ["00B0000004", "308204589000"],
      ["00B0010000", "AB".repeat(256) + "9000"],
      ["00A4040C0AD3921000310001010402", "6A82"],
      ["802A008033" + "00".repeat(51) + "00", "CD".repeat(256) + "9000"],
      ["0084000008", "0102030405060708" + "9000"],
      ["80FC0000", "6700"],
    ]);
    const lines = normalizeTraceLines(trace.entries);
    expect(lines).toEqual([
      "@ reader:phone",
      "SELECT AID JPKI → 9000 OK",
      "SELECT EF 0018 AUTH_PIN → 9000 OK",
      "VERIFY 0018 AUTH_PIN <redacted 4 bytes> → 63C2 VERIFY_FAILED (2 tries left)",
      "SELECT EF 000A AUTH_CERT → 9000 OK",
      "READ BINARY 000A AUTH_CERT off 0 len 4 → 30 82 04 58 · 9000 OK",
      "READ BINARY 000A AUTH_CERT off 256 len 256 → <256 bytes> · 9000 OK",
      "SELECT AID CARD_FACE → 6A82 FILE_NOT_FOUND",
      "COMPUTE DIGITAL SIGNATURE (no EF) <DigestInfo 51 bytes> le 256 → <256 bytes> · 9000 OK",
      "GET CHALLENGE le 8 → <8 bytes> · 9000 OK",
      "80 FC last-command P1P2 0000 → 6700 WRONG_LENGTH",
    ]);
  });

  test("has no times, sequence numbers or durations; ports and handles are cut", () => {
    const text = normalizeTrace(traceOf([["00A4040C0AD392F000260100000001", "9000"]], "ws://127.0.0.1:40123 handle 0x7f3a12bc").entries);
    expect(text).not.toMatch(/40123|0x7f3a|\d+\.\d+ ms|#1/);
    expect(text).toContain("@ ws://127.0.0.1:<port> handle 0x<handle>");
    expect(normalizeVolatileText("took 12.345 ms at 2025-10-01T01:00:00.000Z on localhost:8080")).toBe("took <ms> at <time> on localhost:<port>");
  });

  test("the random PUPI of a full-ATQB ATR becomes a placeholder (docs/domain/read-failures.md#pcsc)", () => {
    const trace = new ApduTrace();
    trace.event("gp:card", "atr", { bytes: fromHex("3B8C80015028DF582800000 5E0B381A1AC".replace(" ", "")) });
    trace.event("gp:card", "atr", { bytes: fromHex("3B888001000005E0B381A1007F") });
    expect(normalizeTraceLines(trace.entries)).toEqual(["@ gp:card", "** atr  3B 8C 80 01 50 <PUPI 4 bytes> 00 00 05 E0 B3 81 A1 <TCK>", "** atr  3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F"]);
  });

  test("an answer pairs with its own link's command, across another link's events", () => {
    const trace = new ApduTrace();
    trace.command("a", fromHex("00A4040C0AD392F000260100000001"));
    trace.event("b", "close");
    trace.response("a", fromHex("9000"), 1);
    trace.command("a", fromHex("00B0000004"));
    trace.event("a", "error", { detail: "removed: tag was lost" });
    expect(normalizeTraceLines(trace.entries)).toEqual(["@ b", "** close", "@ a", "SELECT AID JPKI → 9000 OK", "READ BINARY (no EF) off 0 len 4 → (no answer)", "** error  removed: tag was lost"]);
  });

  propertyTest.prop([fc.uint8Array({ minLength: 1, maxLength: 16 }), fc.constantFrom(0x20, 0x21, 0x24, 0x25, 0x2c)])("never shows a secret: VERIFY / CHANGE / RESET RETRY data stays redacted", (secret, ins) => {
    const trace = new ApduTrace();
    trace.command("l", Uint8Array.from([0x00, ins, 0x00, 0x80, secret.length, ...secret]));
    trace.response("l", fromHex("9000"), 0);
    const line = normalizeTraceLines(trace.entries, { apdusOnly: true })[0] ?? "";
    expect(line).toMatch(new RegExp(`^(VERIFY|CHANGE REFERENCE DATA|RESET RETRY COUNTER) \\(no EF\\) <redacted ${secret.length} bytes> → 9000 OK$`));
  });

  propertyTest.prop([fc.array(fc.tuple(fc.uint8Array({ minLength: 4, maxLength: 40 }), fc.uint8Array({ minLength: 0, maxLength: 40 })), { maxLength: 20 }), fc.double({ min: 0, max: 1e6, noNaN: true })])(
    "does not depend on when entries were recorded: times and durations never show",
    (pairs, shift) => {
      const entries: TraceEntry[] = pairs.flatMap(([c, r], i) => [
        { seq: 2 * i + 1, time: i, direction: "command", link: "l", bytes: c },
        { seq: 2 * i + 2, time: i + 0.5, direction: "response", link: "l", bytes: r, durationMs: 0.5 },
      ]);
      const shifted = entries.map((e) => ({ ...e, seq: e.seq + 7, time: e.time + shift, ...(e.durationMs !== undefined ? { durationMs: e.durationMs * 3 } : {}) }));
      expect(normalizeTrace(shifted)).toBe(normalizeTrace(entries));
    },
  );

  test("two runs of the same scenario normalize identically (fresh certificates and challenges each run)", async () => {
    const entry = findScenario("PHONE-READ-ANDROID");
    if (!entry) throw new Error("no PHONE-READ-ANDROID");
    const [a, b] = [await runScenario(entry, { seed: 1 }), await runScenario(entry, { seed: 1 })];
    expect(a.trace.toText()).not.toBe(b.trace.toText());
    expect(normalizeTrace(a.trace.entries)).toBe(normalizeTrace(b.trace.entries));
    expect(normalizeTrace(a.trace.entries)).toContain("COMPUTE DIGITAL SIGNATURE 0017 AUTH_KEY <DigestInfo 51 bytes>");
  }, 20_000);
});
