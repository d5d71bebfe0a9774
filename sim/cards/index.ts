/** The My Number Card: its chip OS, applications, PIN counters and issuance (personas: sim/personas). */
export { type AccessGuard, type CardApplication, cardApplication, type GuardedOperation } from "./card-application.ts";
export { type CardCredentials, DEFAULT_CREDENTIALS, resolveCredentials } from "./card-credentials.ts";
export { facePhoto } from "./card-face-application.ts";
export { type CardIssueOptions, issueKeyMaterial, issueMyNumberCard } from "./card-issuer.ts";
export { CardRegistry } from "./card-registry.ts";
export { CardSession } from "./card-session.ts";
export { certificateValidity } from "./certificate-validity.ts";
export type { BinaryFile, ElementaryFile, KeyFile, PinFile } from "./elementary-file.ts";
export { type JpkiContents, jpkiApplication } from "./jpki-application.ts";
export { type CardKeyMaterial, issueCardKeyMaterial } from "./card-key-material.ts";
export { MyNumberCard } from "./my-number-card.ts";
export { FOUR_DIGITS, type PinCheck, PinCounter, SIGNING_PASSWORD } from "./pin-counter.ts";
export { type ExtraCommand, SmartCardChip, type SmartCardChipOptions } from "./smart-card-chip.ts";
export { type JpkiTokenLabel, tokenInfo } from "./token-info.ts";
