/** A card answered the ceiling section's APDU with something other than `90 00`: the bench fails, the round is not counted. */
export class WrongAnswerError extends Error {
  override readonly name = "WrongAnswerError";
}
