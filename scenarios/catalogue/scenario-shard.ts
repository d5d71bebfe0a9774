/** One part of a sweep split over machines: shard `index` of `count` (1-based), as `--shard 2/3` gives it. */
export interface ScenarioShard {
  readonly index: number;
  readonly count: number;
}

/** The whole catalogue on one machine. */
export const WHOLE_CATALOGUE: ScenarioShard = Object.freeze({ index: 1, count: 1 });

/** Parses `i/n` (1 ≤ i ≤ n ≤ 1000); throws `RangeError` saying what is wrong. */
export function parseScenarioShard(text: string): ScenarioShard {
  const match = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  if (!match) throw new RangeError(`must be i/n, e.g. 2/3; got "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > 1000) throw new RangeError(`n must be 1..1000, got ${count}`);
  if (index < 1 || index > count) throw new RangeError(`i must be 1..${count}, got ${index}`);
  return { index, count };
}

/**
 * The items of shard `shard`: every `count`-th item from position `index - 1` (round robin, so slow entries spread over
 * the machines). The shards of one `count` together hold every item exactly once.
 */
export function itemsOfShard<T>(items: readonly T[], shard: ScenarioShard): T[] {
  return items.filter((_, position) => position % shard.count === shard.index - 1);
}
