/** The JPKI protocol as hosts see it: AIDs, EF identifiers, the host-side client and its errors (docs/domain/card-apdus.md). */
export { Aid, MY_NUMBER_CARD_ATQB, MY_NUMBER_CARD_ATR } from "./aids.ts";
export { CardFaceFile } from "./card-face-file.ts";
export { CardInfoFile } from "./card-info-file.ts";
export { CardStatusError } from "./card-status-error.ts";
export { type CertificateAvailability, JpkiClient, type PinVerification, sha256DigestInfo } from "./jpki-client.ts";
export { JpkiFile } from "./jpki-file.ts";
