import { describeStatusWord } from "../apdu/index.ts";

/** A card answered with an unexpected status word. */
export class CardStatusError extends Error {
  /** The status word received. */
  readonly statusWord: number;
  /** What the host was doing. */
  readonly step: string;

  constructor(step: string, statusWord: number) {
    super(`${step}: ${describeStatusWord(statusWord)}`);
    this.name = "CardStatusError";
    this.statusWord = statusWord;
    this.step = step;
  }
}
