import { createHash } from "node:crypto";
import type { IssuedCertificate } from "../pki/index.ts";
import { Aid, MY_NUMBER_CARD_ATQB, MY_NUMBER_CARD_ATR } from "../jpki/index.ts";
import { collationNumberB, eraBirthDate, type Persona } from "../personas/index.ts";
import { cardApplication } from "./card-application.ts";
import type { CardCredentials } from "./card-credentials.ts";
import { cardFaceApplication } from "./card-face-application.ts";
import { cardInfoApplication } from "./card-info-application.ts";
import { getChallengeCommand } from "./commands/get-challenge-command.ts";
import { getDataCommand } from "./commands/get-data-command.ts";
import { LAST_COMMAND_INDICATOR, lastCommandIndicatorRefused } from "./commands/last-command-indicator-command.ts";
import { jpkiApplication } from "./jpki-application.ts";
import type { MyNumberCardMaterial } from "./my-number-card-material.ts";
import { FOUR_DIGITS, PinCounter, SIGNING_PASSWORD } from "./pin-counter.ts";
import { type ExtraCommand, SmartCardChip } from "./smart-card-chip.ts";

/** Tries of 照合番号A/B and the birth-date key (modelled on myna-card's older note "a counter of ten attempts" for B). */
const COLLATION_TRIES = 10;

/** GET DATA tag of the contact ATR without its TS byte (myna-card `contact_atr`). */
const CONTACT_ATR_TAG = 0x5f51;

/** The card's PIN counters, by name. */
export interface MyNumberCardPins {
  /** JPKI `0018`: auth PIN, 4 digits, 3 tries. */
  auth: PinCounter;
  /** JPKI `001B`: signing password, 6–16 of A–Z 0–9, 5 tries; blocked from issue on a card without a signing certificate. */
  sign: PinCounter;
  /** Card-info `0011`: 券面事項入力補助用暗証番号, 4 digits, 3 tries. */
  cardInfo: PinCounter;
  /** Card-info `0012`: blocked on every card examined. */
  cardInfoBlocked: PinCounter;
  /** Card-info `0014`: 照合番号A. */
  cardInfoCollationA: PinCounter;
  /** Card-info `0015`: 照合番号B. */
  cardInfoCollationB: PinCounter;
  /** Card-face `0011`: birth date, 和暦 YYMMDD. */
  birthDate: PinCounter;
  /** Card-face `0013`: 照合番号A. */
  collationA: PinCounter;
  /** Card-face `0012`: 照合番号B. */
  collationB: PinCounter;
}

/**
 * The My Number Card (マイナンバーカード) at the APDU level: contact ATR `3B E0 00 FF 81 31 FE 45 14`, the JPKI AP,
 * the card-info input support AP, the card-face AP and an empty 住基AP; GET CHALLENGE, GET DATA (`5F51`, the contact
 * ATR) and `80 FC` answered `6700`. PIN counters live in the card object, so they survive reset, reconnect and re-attach
 * of the same card. Each key EF has its own counter (modelled: whether the two APs' 照合番号 share one is not public).
 */
export class MyNumberCard extends SmartCardChip {
  /** Whose card this is. */
  readonly persona: Persona;
  /** The user-authentication certificate (利用者証明用電子証明書). */
  readonly authCertificate: IssuedCertificate;
  /** The signing certificate (署名用電子証明書); none on a card issued to a child under 15. */
  readonly signCertificate: IssuedCertificate | undefined;
  /** The card-info and card-face APs' keys and certificates. */
  readonly material: MyNumberCardMaterial;
  /** PIN counters, by name, for inspection in tests and reports. */
  readonly pins: MyNumberCardPins;

  constructor(persona: Persona, material: MyNumberCardMaterial, credentials: CardCredentials) {
    const collationA = () => new PinCounter(persona.myNumber, COLLATION_TRIES, (s) => /^[0-9]{12}$/.test(s));
    const collationB = () => new PinCounter(collationNumberB(persona), COLLATION_TRIES, (s) => /^[0-9]{14}$/.test(s));
    const pins: MyNumberCardPins = {
      auth: new PinCounter(credentials.authPin, 3, FOUR_DIGITS),
      sign: material.signCertificate ? new PinCounter(credentials.signPassword, 5, SIGNING_PASSWORD) : PinCounter.blockedAtIssue(),
      cardInfo: new PinCounter(credentials.cardInfoPin, 3, FOUR_DIGITS),
      cardInfoBlocked: PinCounter.blockedAtIssue(),
      cardInfoCollationA: collationA(),
      cardInfoCollationB: collationB(),
      birthDate: new PinCounter(eraBirthDate(persona.birthDate), COLLATION_TRIES, (s) => /^[0-9]{6}$/.test(s)),
      collationA: collationA(),
      collationB: collationB(),
    };
    const jpki = jpkiApplication({ tokenLabel: "JPKIAPICCTOKEN2", serialNumber: persona.id, keys: material, authPin: pins.auth, signPin: pins.sign });
    const dataObjects = new Map([[CONTACT_ATR_TAG, MY_NUMBER_CARD_ATR.subarray(1)]]);
    const extraCommands = new Map<number, ExtraCommand>([
      [0x0084, (c) => getChallengeCommand(c)],
      [0x00ca, (c) => getDataCommand(c, dataObjects)],
      [LAST_COMMAND_INDICATOR, lastCommandIndicatorRefused],
    ]);
    super({
      description: `card ${persona.id}`,
      atr: MY_NUMBER_CARD_ATR,
      // A card's PUPI is fixed: derived from the persona so it is stable across runs (modelled).
      contactless: { type: "B", pupi: createHash("sha256").update(`pupi:${persona.id}`).digest().subarray(0, 4), ...MY_NUMBER_CARD_ATQB },
      applications: [
        jpki,
        cardInfoApplication(persona, material.applications, {
          pin: pins.cardInfo,
          blocked: pins.cardInfoBlocked,
          collationA: pins.cardInfoCollationA,
          collationB: pins.cardInfoCollationB,
        }),
        cardFaceApplication(persona, material.applications, { birthDate: pins.birthDate, collationB: pins.collationB, collationA: pins.collationA }),
        cardApplication("JUKI", Aid.JUKI, []),
      ],
      extraCommands,
      masterFileAid: Aid.ISSUER_SECURITY_DOMAIN,
    });
    this.persona = persona;
    this.authCertificate = material.authCertificate;
    this.signCertificate = material.signCertificate;
    this.material = material;
    this.pins = pins;
  }
}
