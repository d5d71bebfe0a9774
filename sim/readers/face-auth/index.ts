/** Face-auth card reader models: data-driven profiles and the one screen state machine they all run. */
export { type CardFaceScanner, printedCardFaces, unreadableCardFace } from "./card-face-scanner.ts";
export { type CardProbeOptions, type CardProbeOutcome, probeCard } from "./card-probe.ts";
export { type PinSignOutcome, verifyPinAndSign } from "./card-pin-sign.ts";
export { addMonthsUtc } from "../../pki/add-months-utc.ts";
export { checkCertificateExpiry, type ExpiryCheck, type ExpiryStatus } from "./certificate-expiry.ts";
export { type Challenge, type ChallengeSource, localChallengeSource } from "./challenge-source.ts";
export { CONSENT_SCREENS, type ConsentAnswer, type ConsentAnswers, type PrescriptionChoice } from "./consent-answers.ts";
export { describeReadError } from "./device-read-error.ts";
export { FaceAuthReader, type FaceAuthReaderEvents, type FaceAuthReaderOptions } from "./face-auth-reader.ts";
export type { FaceAuthResult } from "./face-auth-result.ts";
export { type FacePhotoOutcome, readFacePhoto } from "./face-photo.ts";
export { ManualClock } from "./manual-clock.ts";
export { type PhoneOs, type PhoneReadOutcome, type PhoneReadRequest, readPhone } from "./phone-read.ts";
export { readerAttestationPayload, signReaderAttestation, verifyReaderAttestation } from "../../contract/index.ts";
export { type ReaderClock, systemClock } from "./reader-clock.ts";
export type { ReaderEvent } from "./reader-event.ts";
export { ALMEX_MYNA_TOUCH, CANON_FACR, DEFAULT_READER_TIMEOUTS, findReaderModel, PANASONIC_XC_STFR1J_MN, PFU_CAORA, READER_MODELS } from "./reader-models.ts";
export type { ReaderProfile, ReaderTimeouts } from "./reader-profile.ts";
export type { ReadProblem } from "./read-problem.ts";
export { SCREEN_GUIDANCE } from "./screen-guidance.ts";
export {
  SCREEN_MACHINE,
  type ScreenActionName,
  type ScreenActivityName,
  type ScreenEventSource,
  type ScreenEventType,
  type ScreenGuardName,
  type ScreenKind,
  type ScreenMachineDescription,
  type ScreenStateDescription,
  type ScreenStateId,
  type ScreenTimeoutName,
  type ScreenTransitionDescription,
  screenState,
  transitionsFrom,
} from "./screen-machine.ts";
export { checkScreenMachine, reachableStates } from "./screen-machine-check.ts";
export type { ScreenStep } from "./screen-interpreter.ts";
export type { ScreenView } from "./screen-view.ts";
export { type SettingsStamp, TerminalSettings } from "./terminal-settings.ts";
