import { describe, expect, test } from "vitest";
import { fromHex } from "../../sim/apdu/index.ts";
import { ApduTrace, comparableLines, diffTraceLines, formatTraceDiff, normalizeTraceLines, readPcapngTrace, readTraceInput, traceToPcapng } from "../../sim/trace/index.ts";

function sampleTrace(lastSw = "9000"): ApduTrace {
  const trace = new ApduTrace();
  trace.event("gp:phone", "atr", { bytes: fromHex("3B888001000005E0B381A1007F") });
  const pairs: [string, string][] = [
    ["00A4040C0AD392F000260100000001", "9000"],
    ["00A4020C020018", "9000"],
    ["002000800431323334", "9000"],
    ["00A4020C02000A", "9000"],
    ["00B0000004", "308204589000"],
    ["00A4020C020017", lastSw],
  ];
  for (const [c, r] of pairs) {
    trace.command("gp:phone", fromHex(c));
    trace.response("gp:phone", fromHex(r), 0.2);
  }
  trace.event("gp:phone", "close");
  return trace;
}

describe("trace diff", () => {
  test("identical traces: no divergence", () => {
    const lines = normalizeTraceLines(sampleTrace().entries);
    const diff = diffTraceLines(lines, [...lines]);
    expect(diff.identical).toBe(true);
    expect(formatTraceDiff(diff)).toMatch(/^identical/);
  });

  test("the first divergent line with the lines before it, then unified hunks", () => {
    const a = normalizeTraceLines(sampleTrace().entries);
    const b = normalizeTraceLines(sampleTrace("6982").entries);
    const diff = diffTraceLines(a, b, { context: 2 });
    expect(diff.divergence?.line).toBe(8);
    expect(diff.divergence?.a).toBe("SELECT EF 0017 AUTH_KEY → 9000 OK");
    expect(diff.divergence?.b).toBe("SELECT EF 0017 AUTH_KEY → 6982 SECURITY_STATUS_NOT_SATISFIED");
    expect(diff.divergence?.before).toHaveLength(2);
    const text = formatTraceDiff(diff, { context: 2 });
    expect(text).toContain("@@ -6,4 +6,4 @@");
    expect(text).toContain("-SELECT EF 0017 AUTH_KEY → 9000 OK");
    expect(text).toContain("+SELECT EF 0017 AUTH_KEY → 6982 SECURITY_STATUS_NOT_SATISFIED");
  });

  test("the diff output is bounded", () => {
    const a = Array.from({ length: 5000 }, (_, i) => `A ${i}`);
    const b = Array.from({ length: 5000 }, (_, i) => `B ${i}`);
    const text = formatTraceDiff(diffTraceLines(a, b), { maxLines: 50 });
    expect(text.split("\n").length).toBeLessThan(70);
    expect(text).toMatch(/more diff line\(s\) not shown/);
  });

  test("the text form and JSON lines read back to the same normalized lines; a pcapng to the same APDU lines", () => {
    const trace = sampleTrace();
    const direct = normalizeTraceLines(trace.entries);
    expect(readTraceInput(new TextEncoder().encode(trace.toText())).lines).toEqual(direct);
    expect(readTraceInput(new TextEncoder().encode(trace.toJsonLines())).lines).toEqual(direct);
    const pcap = readTraceInput(traceToPcapng(trace.entries, trace.startedAt));
    expect(pcap.format).toBe("pcapng");
    const text = readTraceInput(new TextEncoder().encode(trace.toText()));
    const both = comparableLines(pcap, text);
    expect(both.apdusOnly).toBe(true);
    expect(both.a).toEqual(both.b);
    expect(both.a).toContain("VERIFY 0018 AUTH_PIN <redacted 4 bytes> → 9000 OK");
  });

  test("a pcapng never gives the PIN back: redacted bytes return as a redaction mark", () => {
    const trace = sampleTrace();
    const entries = readPcapngTrace(traceToPcapng(trace.entries, trace.startedAt));
    const verify = entries.find((e) => e.direction === "command" && e.bytes[1] === 0x20);
    expect(verify?.redacted).toEqual({ at: 5, length: 4 });
    expect(Array.from(verify?.bytes ?? [])).toEqual([0x00, 0x20, 0x00, 0x80, 0x04]);
  });

  test("bad input is refused with a reason", () => {
    expect(() => readTraceInput(new TextEncoder().encode("hello world\n"))).toThrow(/line 1: not a trace line/);
    const pcap = traceToPcapng(sampleTrace().entries, 0);
    expect(() => readTraceInput(pcap.subarray(0, pcap.length - 3))).toThrow(RangeError);
  });
});
