import type { CeilingCard } from "./ceiling-card-messages.ts";

/** One timed round of the ceiling section: one card in the reader, one client sending the same APDU back to back. */
export interface CeilingRound {
  /** 1-based pair number: rounds 1–2 are pair 1, rounds 3–4 pair 2, … */
  pair: number;
  card: CeilingCard;
  /** APDUs answered `90 00` in the round. */
  apdus: number;
  seconds: number;
  perSecond: number;
  /** Latency percentiles of the round's samples (per APDU, or per process for an external client). */
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the card's thread while the card was in (Linux; 10 ms resolution). */
  cardCpuMs?: number;
}

/**
 * The ABBA order of `rounds` rounds (an even number): ours, echo, echo, ours, ours, echo, … Each pair holds one round
 * of each card, and which goes first alternates, so warm-up and drift during the run favour neither side.
 */
export function abbaOrder(rounds: number): CeilingCard[] {
  if (!Number.isInteger(rounds) || rounds < 2 || rounds % 2 !== 0) throw new RangeError(`rounds must be an even number ≥ 2, got ${rounds}`);
  const order: CeilingCard[] = [];
  for (let pair = 0; pair < rounds / 2; pair++) order.push(...(pair % 2 === 0 ? (["ours", "echo"] as const) : (["echo", "ours"] as const)));
  return order;
}

/** ours ÷ echo APDU/s for each pair, in pair order. */
export function pairRatios(rounds: readonly CeilingRound[]): number[] {
  const pairs = new Map<number, Partial<Record<CeilingCard, CeilingRound>>>();
  for (const r of rounds) pairs.set(r.pair, { ...pairs.get(r.pair), [r.card]: r });
  return [...pairs.keys()]
    .sort((a, b) => a - b)
    .flatMap((pair) => {
      const { ours, echo } = pairs.get(pair) ?? {};
      return ours && echo ? [ours.perSecond / echo.perSecond] : [];
    });
}

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** APDU/s of one card over all its rounds: total APDUs ÷ total time (not a mean of per-round rates). */
export function overallRate(rounds: readonly CeilingRound[], card: CeilingCard): number {
  let apdus = 0;
  let seconds = 0;
  for (const r of rounds) {
    if (r.card !== card) continue;
    apdus += r.apdus;
    seconds += r.seconds;
  }
  return seconds > 0 ? apdus / seconds : Number.NaN;
}

/** The overall ratio: ours' total APDUs/total time ÷ the same for the echo card. */
export function overallRatio(rounds: readonly CeilingRound[]): number {
  return overallRate(rounds, "ours") / overallRate(rounds, "echo");
}

/** The card thread's CPU time per APDU in µs over a card's rounds, or undefined when not known for every round. */
export function cardCpuPerApdu(rounds: readonly CeilingRound[], card: CeilingCard): number | undefined {
  const mine = rounds.filter((r) => r.card === card);
  if (mine.length === 0 || mine.some((r) => r.cardCpuMs === undefined)) return undefined;
  const apdus = mine.reduce((t, r) => t + r.apdus, 0);
  return (mine.reduce((t, r) => t + (r.cardCpuMs ?? 0), 0) * 1000) / apdus;
}
