import type { IssuedCertificate } from "../pki/index.ts";
import type { CardKeyMaterial } from "./card-key-material.ts";
import { createHash } from "node:crypto";
import { Aid, MY_NUMBER_CARD_ATQB, MY_NUMBER_CARD_ATR } from "../jpki/index.ts";
import { collationNumberB, type Persona } from "../personas/index.ts";
import { cardApplication } from "./card-application.ts";
import { cardFaceApplication } from "./card-face-application.ts";
import { cardInfoApplication } from "./card-info-application.ts";
import { jpkiApplication } from "./jpki-application.ts";
import { FOUR_DIGITS, PinCounter, SIGNING_PASSWORD } from "./pin-counter.ts";
import type { CardCredentials } from "./card-credentials.ts";
import { SmartCardChip } from "./smart-card-chip.ts";
import type { CommandApdu} from "../apdu/index.ts";
import { ResponseApdu, StatusWord } from "../apdu/index.ts";


/** Number of tries for 照合番号A/B (modelled: not public). */
const COLLATION_TRIES = 10;

/**
 * The My Number Card (マイナンバーカード) at the APDU level: contact ATR `3B E0 00 FF 81 31 FE 45 14`, the JPKI AP,
 * the card-info input support AP, the card-face AP and an empty 住基AP. PIN counters live in the card object,
 * so they survive reset, reconnect and re-attach of the same card.
 */
export class MyNumberCard extends SmartCardChip {
  /** Whose card this is. */
  readonly persona: Persona;
  /** The user-authentication certificate (利用者証明用電子証明書). */
  readonly authCertificate: IssuedCertificate;
  /** The signing certificate (署名用電子証明書). */
  readonly signCertificate: IssuedCertificate;
  /** PIN counters, by name, for inspection in tests and reports. */
  readonly pins: { auth: PinCounter; sign: PinCounter; cardInfo: PinCounter; collationA: PinCounter; collationB: PinCounter };

  constructor(persona: Persona, keys: CardKeyMaterial, credentials: CardCredentials) {
    const pins = {
      auth: new PinCounter(credentials.authPin, 3, FOUR_DIGITS),
      sign: new PinCounter(credentials.signPassword, 5, SIGNING_PASSWORD),
      cardInfo: new PinCounter(credentials.cardInfoPin, 3, FOUR_DIGITS),
      collationA: new PinCounter(persona.myNumber, COLLATION_TRIES, (s) => /^[0-9]{12}$/.test(s)),
      collationB: new PinCounter(collationNumberB(persona), COLLATION_TRIES, (s) => /^[0-9]{14}$/.test(s)),
    };
    const jpki = jpkiApplication({
      tokenLabel: "JPKIAPICCTOKEN2",
      serialNumber: persona.id,
      keys,
      authPin: pins.auth,
      signPin: pins.sign,
    });
    super({
      description: `card ${persona.id}`,
      atr: MY_NUMBER_CARD_ATR,
      // A card's PUPI is fixed: derived from the persona so it is stable across runs (modelled).
      contactless: { type: "B", pupi: createHash("sha256").update(`pupi:${persona.id}`).digest().subarray(0, 4), ...MY_NUMBER_CARD_ATQB },
      applications: [
        jpki,
        cardInfoApplication(persona, pins.cardInfo),
        cardFaceApplication(persona, pins.collationA, pins.collationB),
        cardApplication("JUKI", Aid.JUKI, []),
      ],
      // `80 FC 00 00` is the iPhone's last-command indicator; the card answers 6700 (DOMAIN.md §8).
      extraCommands: new Map([[0x80fc, (_c: CommandApdu) => ResponseApdu.statusBytes(StatusWord.WRONG_LENGTH)]]),
    });
    this.persona = persona;
    this.authCertificate = keys.authCertificate;
    this.signCertificate = keys.signCertificate;
    this.pins = pins;
  }
}
