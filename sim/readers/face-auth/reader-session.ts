import type { DeviceKind, IdentityMethod, IdentityProof } from "../../contract/identity-proof.ts";
import type { Transceiver } from "../../apdu/index.ts";
import type { ExpiryCheck } from "./certificate-expiry.ts";
import type { ConsentAnswers } from "./consent-answers.ts";
import type { PhoneOs } from "./phone-read.ts";

/** The state of one patient's read at a face-auth reader, dropped at the top screen. */
export interface ReaderSession {
  kind?: DeviceKind;
  os?: PhoneOs;
  /** The link to the device being read (the reader's own, traced when a trace is set). */
  link?: Transceiver;
  certificate?: Uint8Array;
  expiry?: ExpiryCheck;
  /** Held only between its entry and the VERIFY that uses it. */
  pin?: string;
  method?: IdentityMethod;
  faceFailures: number;
  photo?: Uint8Array;
  pinTriesLeft?: number;
  proof?: IdentityProof;
  consents: Partial<ConsentAnswers>;
}

/** What the reader's own work (an activity) may learn for the session; applied only while its state is current. */
export type SessionUpdate = Partial<Pick<ReaderSession, "kind" | "certificate" | "expiry" | "photo" | "pinTriesLeft" | "proof">>;

/** A session with nothing read yet; `kind` when it is known from the start (a card placed or chosen). */
export function newReaderSession(kind?: DeviceKind): ReaderSession {
  return kind === undefined ? { faceFailures: 0, consents: {} } : { kind, faceFailures: 0, consents: {} };
}
