import { randomBytes } from "node:crypto";
import { type CommandApdu, ResponseApdu, StatusWord } from "../../apdu/index.ts";

const { OK, CONDITIONS_NOT_SATISFIED, INCORRECT_P1_P2, WRONG_LENGTH } = StatusWord;

/** Where the card's random bytes come from; `crypto.randomBytes` unless a test gives a seeded source. */
export type RandomSource = (size: number) => Uint8Array;

/**
 * GET CHALLENGE (`00 84 00 00 Le`): Le random bytes, 1 to 256 (`00` = 256), each length honoured exactly, in the MF
 * state and in any application. The extended form is refused with `6985`; P1/P2 other than `00 00` answer `6A86`
 * (soltia48/myna-card `src/card.rs` `get_challenge`; docs/domain/card-applications.md "GET CHALLENGE"). The card-face
 * presence proof asks for 16 bytes.
 */
export function getChallengeCommand(command: CommandApdu, random: RandomSource = (n) => new Uint8Array(randomBytes(n))): Uint8Array {
  if (command.p1 !== 0x00 || command.p2 !== 0x00) return ResponseApdu.statusBytes(INCORRECT_P1_P2);
  if (command.data.length > 0 || command.ne === undefined) return ResponseApdu.statusBytes(WRONG_LENGTH);
  if (command.extended) return ResponseApdu.statusBytes(CONDITIONS_NOT_SATISFIED);
  return ResponseApdu.bytes(random(command.ne), OK);
}
