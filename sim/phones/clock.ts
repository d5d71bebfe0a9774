/** The time source of the phone models: milliseconds since the epoch. Injected by tests to move time on. */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();
