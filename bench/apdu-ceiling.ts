import { PcscContext } from "../sim/transport/pcsc-context.ts";
import { VPCD_DEFAULT_PORT } from "../sim/transport/vpcd-card-link.ts";
import { vpcdReaderPair } from "../sim/transport/vpcd-reader-names.ts";
import { CeilingCardHandle } from "./ceiling-card-handle.ts";
import { CEILING_APDU_HEX, type Measure, OPENSC_APDUS_PER_PROCESS, openscClient, smartcardClient } from "./ceiling-clients.ts";
import type { CeilingCard } from "./ceiling-card-messages.ts";
import { abbaOrder, cardCpuPerApdu, type CeilingRound, overallRatio, pairRatios } from "./ceiling-rounds.ts";
import { type LatencySummary, summariseLatencies } from "./latency-summary.ts";
import { markLoad, otherLoadSince } from "./ceiling-other-load.ts";
import { hasOpenscTool } from "./opensc-select-client.ts";
import { WrongAnswerError } from "./wrong-answer-error.ts";

/** Our card's APDU/s through pcscd+vpcd must be at least this share of the echo card's. */
export const CEILING_TARGET = 0.9;
/** Warm-up per card before a client's measured rounds, ms: the first round must not carry the JIT's and caches' start. */
const WARM_UP_MS = 500;

/** One client's ceiling figures: its rounds, both cards' totals, the ratios. */
export interface CeilingClientResult {
  client: string;
  /** What one latency sample is: one APDU, or one whole opensc-tool process. */
  latencyOf: "APDU" | "process";
  note?: string;
  rounds: CeilingRound[];
  /** Totals per card over all its rounds (latency percentiles over all its samples). */
  ours?: LatencySummary;
  echo?: LatencySummary;
  pairRatios: number[];
  /** ours' total APDUs/total time ÷ the echo card's. */
  ratio?: number;
  /** Cores' worth of CPU other processes used during the client's rounds (not the bench, pcscd or opensc-tool). */
  otherLoadCores?: number;
  /** CPU µs per APDU of the thread serving the card (where our link would lose against the echo card). */
  cardCpuUsPerApdu?: { ours?: number; echo?: number };
  target: number;
  skipped?: string;
}

/** The ceiling section of `bench apdu`. */
export interface ApduCeilingResult {
  apduHex: string;
  secondsPerRound: number;
  order: CeilingCard[];
  reader?: string;
  clients: CeilingClientResult[];
  /** Why the section did not run. */
  skipped?: string;
  /** A card answered something other than 9000: the bench fails. */
  failed?: string;
}

/** Options of {@link runApduCeiling}. */
export interface ApduCeilingOptions {
  budgetMs: number;
  vpcdPort: number;
  /** Rounds per client, an even number (default 6). */
  rounds?: number;
  progress?: (line: string) => void;
}

/** The PC/SC name of vpcd's slot for `port` (`Virtual PCD 00 00` for 35963, `… 00 01` for 35964, whatever its FRIENDLYNAME). */
function vpcdReader(names: readonly string[], port: number): string | undefined {
  return vpcdReaderPair(names)?.[port - VPCD_DEFAULT_PORT === 1 ? 1 : 0];
}

/**
 * The ceiling beside our card: the same client sends the same SELECT through the same pcscd+vpcd to our card
 * (VpcdCardLink as `myna-hil attach --device card` serves it) and to a minimal echo card (bench/echo-card.ts), in
 * alternating ABBA rounds of `budgetMs` each; the ratio of the two is how close our link comes to the ceiling.
 * Clients: our PcscTransceiver, then opensc-tool processes when it is installed.
 */
export async function runApduCeiling(options: ApduCeilingOptions): Promise<ApduCeilingResult> {
  const order = abbaOrder(options.rounds ?? 6);
  const result: ApduCeilingResult = { apduHex: CEILING_APDU_HEX, secondsPerRound: options.budgetMs / 1000, order, clients: [] };
  const log = options.progress ?? (() => undefined);
  let context: PcscContext | undefined;
  let cards: CeilingCardHandle | undefined;
  try {
    context = await PcscContext.open();
    const reader = vpcdReader(context.readerNames(), options.vpcdPort);
    if (!reader) return { ...result, skipped: `pcscd lists no vpcd reader for port ${options.vpcdPort} (readers: ${context.readerNames().join(", ") || "none"})` };
    if (context.readers().find((r) => r.name === reader)?.present) return { ...result, reader, skipped: `a card is already in "${reader}" (another myna-hil attach?)` };
    result.reader = reader;
    cards = await CeilingCardHandle.start({ port: options.vpcdPort, persona: "P0001" });
    if (cards.ready.echoUnavailable) return { ...result, skipped: `the echo card needs TCP_QUICKACK, as our card has it: ${cards.ready.echoUnavailable}` };
    const warmUpMs = Math.min(WARM_UP_MS, options.budgetMs);
    const clients: CeilingClient[] = [
      { client: "PcscTransceiver (smartcard binding)", latencyOf: "APDU", measure: smartcardClient(options.budgetMs), warmUp: smartcardClient(warmUpMs) },
    ];
    const opensc = `opensc-tool -c default, ${OPENSC_APDUS_PER_PROCESS} SELECTs per process`;
    const openscNote = "whole processes timed: start-up and OpenSC's set-up included, latency per process";
    if (await hasOpenscTool()) clients.push({ client: opensc, latencyOf: "process", note: openscNote, measure: openscClient(options.budgetMs), warmUp: openscClient(0) });
    else result.clients.push({ client: opensc, latencyOf: "process", rounds: [], pairRatios: [], target: CEILING_TARGET, skipped: "opensc-tool is not installed (apt-get install opensc)" });
    for (const c of clients) {
      try {
        result.clients.push(await measureClient(context, cards, reader, c, order, log));
      } catch (error) {
        if (error instanceof WrongAnswerError) throw error;
        result.clients.push({ client: c.client, latencyOf: c.latencyOf, rounds: [], pairRatios: [], target: CEILING_TARGET, skipped: error instanceof Error ? error.message : String(error) });
      }
    }
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return error instanceof WrongAnswerError ? { ...result, failed: message } : { ...result, skipped: message };
  } finally {
    await cards?.close();
    context?.close();
  }
}

/** A client of the ceiling: how it measures a round and how it warms up. */
interface CeilingClient {
  client: string;
  latencyOf: "APDU" | "process";
  note?: string;
  measure: Measure;
  warmUp: Measure;
}

/** One client's warm-up and its ABBA rounds, with the totals and ratios. */
async function measureClient(context: PcscContext, cards: CeilingCardHandle, reader: string, c: CeilingClient, order: readonly CeilingCard[], log: (line: string) => void): Promise<CeilingClientResult> {
  const rounds: CeilingRound[] = [];
  const samples: Record<CeilingCard, number[]> = { ours: [], echo: [] };
  for (const card of ["ours", "echo"] as const) await runRound(context, cards, reader, card, c.warmUp, [], 0);
  log(`  ceiling, ${c.client}: warmed up both cards`);
  const load = markLoad();
  for (const [i, card] of order.entries()) {
    const round = await runRound(context, cards, reader, card, c.measure, samples[card], Math.floor(i / 2) + 1);
    rounds.push(round);
    log(`  ceiling, ${c.client}: round ${i + 1}/${order.length} ${card}: ${Math.round(round.perSecond).toLocaleString("en-US")} APDU/s`);
  }
  const ours = cardTotal(rounds, samples, "ours");
  const echo = cardTotal(rounds, samples, "echo");
  const otherLoadCores = otherLoadSince(load);
  const cardCpuUsPerApdu = { ours: cardCpuPerApdu(rounds, "ours"), echo: cardCpuPerApdu(rounds, "echo") };
  return {
    client: c.client,
    latencyOf: c.latencyOf,
    ...(c.note ? { note: c.note } : {}),
    rounds,
    ours,
    echo,
    pairRatios: pairRatios(rounds),
    ratio: overallRatio(rounds),
    target: CEILING_TARGET,
    ...(otherLoadCores !== undefined ? { otherLoadCores } : {}),
    cardCpuUsPerApdu,
  };
}

/** One round: `card` in, pcscd sees it, the client measures, `card` out, pcscd sees it go (bounded waits). */
async function runRound(context: PcscContext, cards: CeilingCardHandle, reader: string, card: CeilingCard, measure: Measure, samples: number[], pair: number): Promise<CeilingRound> {
  const inserted = await cards.insert(card);
  let measured: { apdus: number; seconds: number };
  const first = samples.length;
  try {
    if (!inserted.quickAck) throw new Error(`our card runs without TCP_QUICKACK (${inserted.reason ?? "sockopt did not load"}); the ratio would measure the delayed ACK`);
    await context.waitForCard(reader, { timeoutMs: 10_000 });
    measured = await measure(reader, samples);
  } catch (error) {
    await cards.remove().catch(() => undefined);
    await context.waitForRemoval(reader, { timeoutMs: 5_000 }).catch(() => undefined);
    if (error instanceof WrongAnswerError) throw error;
    throw new Error(`${card} card, ${pair > 0 ? `pair ${pair}` : "warm-up"}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const removed = await cards.remove();
  await context.waitForRemoval(reader, { timeoutMs: 5_000 });
  const { apdus, seconds } = measured;
  if (removed.apdus !== apdus) throw new Error(`the ${card} card answered ${removed.apdus} APDUs, the client sent ${apdus}: something else used "${reader}"`);
  const own = Float64Array.from(samples.slice(first));
  const { p50Ms, p99Ms } = summariseLatencies(own, own.length, seconds);
  return { pair, card, apdus, seconds, perSecond: apdus / seconds, p50Ms, p99Ms, ...(removed.cpuMs !== undefined ? { cardCpuMs: removed.cpuMs } : {}) };
}

/** One card's totals over its rounds: APDUs, time, APDU/s, and latency percentiles over all its samples. */
function cardTotal(rounds: readonly CeilingRound[], samples: Record<CeilingCard, number[]>, card: CeilingCard): LatencySummary {
  const mine = rounds.filter((r) => r.card === card);
  const apdus = mine.reduce((t, r) => t + r.apdus, 0);
  const seconds = mine.reduce((t, r) => t + r.seconds, 0);
  const latencies = summariseLatencies(Float64Array.from(samples[card]), samples[card].length, seconds);
  return { ...latencies, count: apdus, perSecond: apdus / seconds };
}
