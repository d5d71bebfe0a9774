import type { ApduCeilingResult } from "./apdu-ceiling.ts";
import { median } from "./ceiling-rounds.ts";

const num = (n: number, digits = 0) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (n: number) => num(n, n < 10 ? 3 : 1);
const ratio = (n: number) => num(n, 3);

/** The ceiling section of `myna-hil bench apdu`: per-pair and overall ratios of our card to the echo card. */
export function formatApduCeiling(result: ApduCeilingResult): string {
  const title = "Ceiling: our card ÷ a minimal echo card (bench/echo-card.ts), same client, same APDU, same pcscd+vpcd";
  if (result.failed) return `${title}\nFAILED: ${result.failed}\n`;
  if (result.skipped) return `${title}\nskipped: ${result.skipped}\n`;
  const lines = [
    `${title}${result.reader ? ` ("${result.reader}")` : ""}`,
    `APDU ${result.apduHex} (SELECT JPKI AP by DF name, no response data) → 9000 from both, every answer checked; ` +
      `${result.order.length} rounds of ${num(result.secondsPerRound, 1)} s per client in ABBA order (${result.order.join(", ")})`,
    "",
    "| client | pair | ours APDU/s | echo APDU/s | ours ÷ echo |",
    "|---|---:|---:|---:|---:|",
  ];
  for (const c of result.clients) {
    c.pairRatios.forEach((r, i) => {
      const pair = c.rounds.filter((x) => x.pair === i + 1);
      const rate = (card: "ours" | "echo") => num(pair.find((x) => x.card === card)?.perSecond ?? Number.NaN);
      lines.push(`| ${c.client} | ${i + 1} | ${rate("ours")} | ${rate("echo")} | ${ratio(r)} |`);
    });
  }
  lines.push(
    "",
    "| client | ours APDU/s | p50 ms | p99 ms | echo APDU/s | p50 ms | p99 ms | ours ÷ echo | median pair | target | other load (cores) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
  );
  for (const c of result.clients) {
    if (!c.ours || !c.echo || c.ratio === undefined) {
      lines.push(`| ${c.client} | skipped: ${c.skipped ?? "not measured"} | | | | | | | | | |`);
      continue;
    }
    const met = c.ratio >= c.target ? "✓" : "✗";
    lines.push(
      `| ${c.client} | ${num(c.ours.perSecond)} | ${ms(c.ours.p50Ms)} | ${ms(c.ours.p99Ms)} | ${num(c.echo.perSecond)} | ${ms(c.echo.p50Ms)} | ${ms(c.echo.p99Ms)} | **${ratio(c.ratio)}** | ${ratio(median(c.pairRatios))} | ≥ ${num(c.target, 2)} ${met} | ${c.otherLoadCores === undefined ? "–" : num(c.otherLoadCores, 1)} |`,
    );
  }
  lines.push(
    "",
    "ours ÷ echo overall = (our card's APDUs ÷ its time) ÷ (the echo card's APDUs ÷ its time), over all rounds; median pair: the middle of the per-pair ratios, " +
      "less moved by one disturbed round. Other load: CPU other processes used meanwhile (not this bench, pcscd or opensc-tool).",
  );
  for (const c of result.clients) {
    const cpu = c.cardCpuUsPerApdu;
    if (cpu?.ours !== undefined && cpu.echo !== undefined) lines.push(`- ${c.client}: CPU of the card's thread per APDU: ours ${num(cpu.ours, 1)} µs, echo ${num(cpu.echo, 1)} µs.`);
    if (c.note) lines.push(`- ${c.client}: ${c.note}.`);
  }
  return `${lines.join("\n")}\n`;
}
