/** The My Number Card: its chip OS, applications, PIN counters, personas and issuance. */
export { Aid, MY_NUMBER_CARD_ATR } from "./aids.ts";
export { type AccessGuard, type CardApplication, cardApplication, type GuardedOperation } from "./card-application.ts";
export { type CardCredentials, DEFAULT_CREDENTIALS, resolveCredentials } from "./card-credentials.ts";
export { CardFaceFile, facePhoto } from "./card-face-application.ts";
export { CardInfoFile } from "./card-info-application.ts";
export { type CardIssueOptions, issueKeyMaterial, issueMyNumberCard } from "./card-issuer.ts";
export { CardRegistry } from "./card-registry.ts";
export { CardSession } from "./card-session.ts";
export { certificateValidity } from "./certificate-validity.ts";
export type { BinaryFile, ElementaryFile, KeyFile, PinFile } from "./elementary-file.ts";
export { JpkiFile, type JpkiContents, jpkiApplication } from "./jpki-application.ts";
export { type CardKeyMaterial, MyNumberCard } from "./my-number-card.ts";
export { completeMyNumber, isValidMyNumber, myNumberCheckDigit } from "./my-number.ts";
export { ageOn, type CertificateStatus, collationNumberB, type Persona, type Sex } from "./persona.ts";
export { BUILT_IN_PERSONAS, findPersona } from "./personas.ts";
export { FOUR_DIGITS, type PinCheck, PinCounter, SIGNING_PASSWORD } from "./pin-counter.ts";
export { type ExtraCommand, SmartCardChip, type SmartCardChipOptions } from "./smart-card-chip.ts";
export { type JpkiTokenLabel, tokenInfo } from "./token-info.ts";
