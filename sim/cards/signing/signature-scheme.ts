import { constants, createHash, type KeyObject, privateEncrypt, randomBytes } from "node:crypto";
import { StatusWord } from "../../apdu/index.ts";
import { sha256DigestInfoOf } from "../encoding/sha256-digest-info.ts";
import { emsaPssEncode } from "./emsa-pss.ts";

/**
 * The schemes of COMPUTE DIGITAL SIGNATURE, by P1, as soltia48/myna-card established them by trying every P1 on a card
 * (`src/ap/jpki.rs` `SignatureScheme`; docs/domain/card-applications.md "COMPUTE DIGITAL SIGNATURE `80 2A`"):
 * `00` PKCS#1 v1.5 over the data as given (send a DigestInfo; what OpenSC, jpki/myna and jpki-rs send),
 * `01` SHA-256 on the card, bare hash PKCS#1 v1.5, `02` 32-byte hash wrapped in a DigestInfo, `03` SHA-256 on the card
 * wrapped in a DigestInfo, `04` 32-byte hash RSASSA-PSS, `05` SHA-256 on the card RSASSA-PSS. Any other P1 `6A86`.
 */
export const SignatureScheme = {
  VERBATIM: 0x00,
  SHA256_BARE: 0x01,
  PREHASHED_DIGEST_INFO: 0x02,
  SHA256_DIGEST_INFO: 0x03,
  PREHASHED_PSS: 0x04,
  SHA256_PSS: 0x05,
} as const;

/** Largest input PKCS#1 v1.5 type-1 padding takes with a 2048-bit modulus (256 − 11). */
const MAX_VERBATIM = 245;
/** Largest short Lc: what the card hashes itself may be up to 255 bytes. */
const MAX_MESSAGE = 255;
/** PSS salt length: the hash length (RFC 8017's usual choice; myna-card verifies with `Pss::new::<Sha256>()`). */
const PSS_SALT_LENGTH = 32;

/**
 * Why the card refuses `input` for scheme `p1`, as a status word, or `undefined` when it signs it: an unknown scheme
 * `6A86`; an input outside the scheme's range (`00` 1–245 bytes, `02`/`04` exactly 32, others 1–255) `6700`. myna-card
 * says the card answers such inputs with "6985 or 6700" without saying which when; `6700` is the simulator's choice.
 */
export function signatureInputProblem(p1: number, input: Uint8Array): number | undefined {
  switch (p1) {
    case SignatureScheme.VERBATIM:
      return input.length >= 1 && input.length <= MAX_VERBATIM ? undefined : StatusWord.WRONG_LENGTH;
    case SignatureScheme.PREHASHED_DIGEST_INFO:
    case SignatureScheme.PREHASHED_PSS:
      return input.length === 32 ? undefined : StatusWord.WRONG_LENGTH;
    case SignatureScheme.SHA256_BARE:
    case SignatureScheme.SHA256_DIGEST_INFO:
    case SignatureScheme.SHA256_PSS:
      return input.length >= 1 && input.length <= MAX_MESSAGE ? undefined : StatusWord.WRONG_LENGTH;
    default:
      return StatusWord.INCORRECT_P1_P2;
  }
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

function pkcs1(key: KeyObject, payload: Uint8Array): Uint8Array {
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, payload));
}

function pss(key: KeyObject, messageHash: Uint8Array): Uint8Array {
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 2048;
  const em = emsaPssEncode(messageHash, new Uint8Array(randomBytes(PSS_SALT_LENGTH)), modulusBits - 1);
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, em));
}

/** The signature of `input` under scheme `p1` (checked with {@link signatureInputProblem} first). */
export function signWithScheme(key: KeyObject, p1: number, input: Uint8Array): Uint8Array {
  switch (p1) {
    case SignatureScheme.VERBATIM:
      return pkcs1(key, input);
    case SignatureScheme.SHA256_BARE:
      return pkcs1(key, sha256(input));
    case SignatureScheme.PREHASHED_DIGEST_INFO:
      return pkcs1(key, sha256DigestInfoOf(input));
    case SignatureScheme.SHA256_DIGEST_INFO:
      return pkcs1(key, sha256DigestInfoOf(sha256(input)));
    case SignatureScheme.PREHASHED_PSS:
      return pss(key, input);
    case SignatureScheme.SHA256_PSS:
      return pss(key, sha256(input));
    default:
      throw new RangeError(`no signature scheme ${p1}`);
  }
}
