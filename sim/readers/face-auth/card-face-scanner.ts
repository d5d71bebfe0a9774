import type { MyNumberCard } from "../../cards/my-number-card.ts";
import { collationNumberB } from "../../personas/index.ts";

/**
 * How the reader obtains 照合番号B (birth 和暦 YYMMDD + expiry year + security code, printed on the card face) to open the
 * card-face photo. Not public: modelled as an OCR of the card face by the reader's camera. The simulator's "camera"
 * is told which card lies in the slot by the auth certificate the reader has just read; it returns the 14 characters,
 * or `undefined` when the face cannot be read.
 */
export type CardFaceScanner = (seen: { certificate: Uint8Array }) => Promise<string | undefined>;

/** A scanner that reads the printed faces of `cards` (recognised by their auth certificate). */
export function printedCardFaces(cards: Iterable<MyNumberCard>): CardFaceScanner {
  const list = [...cards];
  return ({ certificate }) => {
    const card = list.find((c) => Buffer.compare(c.authCertificate.der, certificate) === 0);
    return Promise.resolve(card ? collationNumberB(card.persona) : undefined);
  };
}

/** A scanner that never reads anything (the default: face match then needs a configured scanner). */
export const unreadableCardFace: CardFaceScanner = () => Promise.resolve(undefined);
