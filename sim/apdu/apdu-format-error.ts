import { describeStatusWord, type StatusWordValue } from "./status-word.ts";

/**
 * Malformed or unsupported APDU bytes. Carries the status word a card answers with,
 * so a serving loop can turn it into a response instead of failing.
 */
export class ApduFormatError extends Error {
  /** The status word the card should answer with. */
  readonly statusWord: StatusWordValue;

  constructor(statusWord: StatusWordValue, message: string) {
    super(`${message} (${describeStatusWord(statusWord)})`);
    this.name = "ApduFormatError";
    this.statusWord = statusWord;
  }
}
