import type { UsbReaderProfile } from "./usb-reader-profile.ts";

/** ISO 14443-4 frame waiting time with extensions tops out near 5 s (FWI 14 ≈ 4949 ms): modelled default time-out. */
const ISO14443_MAX_WAIT_MS = 5_000;

/** Largest extended command APDU (4 + 3 + 65535 + 2) plus the 10-byte CCID header. */
const EXTENDED_MESSAGE_BYTES = 65_554;

/**
 * The reader profiles the simulator knows (data). Each says in `notes` which values are public and which are modelled.
 */
export const UsbReaderProfiles = {
  /** Sony's PaSoRi RC-S300/P, the general-purpose reader seen next to face-auth readers (docs/domain/reader-models.md, §13). */
  rcS300P: {
    id: "rc-s300-p",
    name: "SONY FeliCa RC-S300/P",
    friendlyName: "SONY FeliCa Port/PaSoRi 4.0",
    maxMessageBytes: 522,
    extendedApdus: true,
    ifsd: 254,
    responseTimeoutMs: ISO14443_MAX_WAIT_MS,
    atrStyle: "part3",
    notes:
      "Public: CCID, T=1 only, dwMaxCCIDMessageLength 522, IFSD 254, short and extended APDUs (LudovicRousseau/CCID " +
      "readers list); the name `SONY FeliCa RC-S300/P` as public tools use it; Windows and macOS list the device as " +
      "`SONY FeliCa Port/PaSoRi 4.0 0`. Modelled: APDUs longer than 512 bytes are refused (pcsc-lite's CCID driver can " +
      "chain them over several messages for extended-APDU readers; whether this reader accepts that is not public), " +
      "the 5 s response time-out, part 3 ATR.",
  },
  /** Any PC/SC part 3 compliant contactless reader with extended APDUs and no tighter limits. */
  genericPart3: {
    id: "generic-part3",
    name: "Generic PC/SC part 3 contactless reader",
    friendlyName: "Generic Contactless Reader",
    maxMessageBytes: EXTENDED_MESSAGE_BYTES,
    extendedApdus: true,
    ifsd: 254,
    responseTimeoutMs: ISO14443_MAX_WAIT_MS,
    atrStyle: "part3",
    notes: "Modelled: a reader that follows PC/SC part 3 and carries any short or extended APDU.",
  },
  /** A reader without extended APDUs, shaped after the ACS ACR122U's PICC interface. */
  shortApduOnly: {
    id: "short-apdu-only",
    name: "ACS ACR122U PICC Interface",
    friendlyName: "ACS ACR122U PICC Interface",
    maxMessageBytes: 271,
    extendedApdus: false,
    ifsd: 256,
    responseTimeoutMs: ISO14443_MAX_WAIT_MS,
    atrStyle: "part3",
    notes:
      "Public: ACR122U PICC: T=1, short APDU level exchange, dwMaxCCIDMessageLength 271, dwMaxIFSD 256 (CCID readers " +
      "list). Hosts that send extended APDUs to readers without them get SCARD_E_NOT_TRANSACTED (0x80100016) and the " +
      "command never reaches the card (LudovicRousseau/PCSC #54, acshk/acsccid #15 and #42, CCID #79). Modelled: the " +
      "time-out and the ATR style.",
  },
  /** A reader that puts the whole ATQB, random PUPI included, into the ATR. */
  fullAtqbAtr: {
    id: "full-atqb-atr",
    name: "Contactless reader with ATQB in ATR",
    friendlyName: "Contactless Reader (ATQB ATR)",
    maxMessageBytes: EXTENDED_MESSAGE_BYTES,
    extendedApdus: true,
    ifsd: 254,
    responseTimeoutMs: ISO14443_MAX_WAIT_MS,
    atrStyle: "full-atqb",
    notes:
      "Public: some readers report `3B 8C 80 01 50 <PUPI> <application data> <protocol info> TCK` (pcsc-tools " +
      "smartcard_list.txt, e.g. Mobib, rav-kav; DNIe listed with the PUPI wildcarded), so the same card type shows " +
      "several ATRs (OpenSC #3021). Modelled: which product does it, the other limits.",
  },
  /** An Android phone used as a PC/SC reader through vsmartcard's Remote Smart Card Reader app and vpcd. */
  androidRemoteReader: {
    id: "android-remote-reader",
    name: "Virtual PCD",
    friendlyName: "Virtual PCD",
    maxMessageBytes: EXTENDED_MESSAGE_BYTES,
    extendedApdus: true,
    ifsd: 254,
    responseTimeoutMs: 500,
    atrStyle: "part3",
    notes:
      "Public: Android's IsoDep transceive time-out defaults to 500 ms and a slow card operation then fails with " +
      "\"Tag was lost\" (frankmorgner/vsmartcard #123, made configurable in #128); the app builds a part 3 ATR " +
      "(vsmartcard PR #251). Modelled: the message limits.",
  },
} as const satisfies Record<string, UsbReaderProfile>;
