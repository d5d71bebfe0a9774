import type { IdentityMethod, IdentityProof } from "../../contract/identity-proof.ts";
import { signReaderAttestation } from "../../contract/index.ts";
import type { Transceiver } from "../../apdu/index.ts";
import type { KeyStore } from "../../pki/key-store.ts";
import type { CardFaceScanner } from "./card-face-scanner.ts";
import { probeCard } from "./card-probe.ts";
import { verifyPinAndSign } from "./card-pin-sign.ts";
import type { Challenge, ChallengeSource } from "./challenge-source.ts";
import { readFacePhoto } from "./face-photo.ts";
import { settlementOf } from "./outcome-events.ts";
import { readPhone } from "./phone-read.ts";
import type { ActivityRun, ReaderActivity } from "./reader-activity.ts";
import type { ReaderClock } from "./reader-clock.ts";
import type { ReaderProfile } from "./reader-profile.ts";
import type { ReaderSession } from "./reader-session.ts";
import type { ScreenActivityName } from "./screen-machine.ts";
import { type RuleSwitchboard, rulesOrDefault } from "../../rules/index.ts";

/** The activities that read a device or sign: each ends in one outcome, mapped to its event by `OUTCOME_EVENTS`. */
export type DeviceActivityName = Extract<ScreenActivityName, "probeCard" | "readFacePhoto" | "verifyCardPinAndSign" | "attestCheck" | "readPhone">;

/** What the device activities need from the reader. */
export interface DeviceActivityHost {
  readonly profile: ReaderProfile;
  /** `reader:<model id>:<serial>`: the attestation's reader ID and the key slot. */
  readonly readerId: string;
  readonly clock: ReaderClock;
  readonly keyStore: KeyStore;
  readonly challengeSource: ChallengeSource;
  readonly cardFaceScanner: CardFaceScanner;
  /** Rule switchboard (default every rule on). */
  readonly rules?: RuleSwitchboard;
}

/** The reader's device work, by activity name: card probe, card-face photo, PIN and signature, attestation, phone read. */
export function deviceActivities(host: DeviceActivityHost): Record<DeviceActivityName, ReaderActivity> {
  const { profile } = host;
  // Rule hook: phones have no grace after expiry (docs/domain/rules.md#certificate-expiry); switched off, the card's.
  const phoneGrace = rulesOrDefault(host.rules).isOff("phone-no-grace") ? { graceMonths: profile.cardGraceMonths } : {};
  return {
    probeCard: async (run) => {
      const outcome = await probeCard(linkOf(run), { at: new Date(host.clock.now()), alertMonths: profile.expiryAlertMonths, graceMonths: profile.cardGraceMonths });
      run.settle(
        settlementOf(outcome, "card", {
          card: (o) => ({ kind: "card", certificate: o.certificate, expiry: o.expiry }),
          "certificate-expired": (o) => ({ certificate: o.certificate, expiry: o.expiry }),
        }),
      );
    },
    readFacePhoto: async (run) => {
      const link = linkOf(run);
      const certificate = run.session.certificate;
      const number = certificate === undefined ? undefined : await host.cardFaceScanner({ certificate });
      if (!run.current) return; // no card-face APDUs for a read that was left
      const outcome = number === undefined ? { kind: "refused" as const, detail: "照合番号B could not be read off the card face" } : await readFacePhoto(link, number);
      run.settle(settlementOf(outcome, "card", { photo: (o) => ({ photo: o.photo }) }));
    },
    verifyCardPinAndSign: async (run) => {
      const link = linkOf(run);
      const pin = run.takePin() ?? "";
      const challenge = await host.challengeSource();
      if (!run.current) return; // no VERIFY for a read that was left
      const outcome = await verifyPinAndSign(link, pin, challenge.challenge);
      run.settle(
        settlementOf(outcome, "card", {
          signed: (o) => ({ pinTriesLeft: undefined, proof: { ...proofBase(run.session, "pin", challenge), deviceSignature: o.signature } }),
          "pin-wrong": (o) => ({ pinTriesLeft: o.triesLeft }),
        }),
      );
    },
    attestCheck: async (run) => {
      const challenge = await host.challengeSource();
      const { privateKey } = await host.keyStore.keyPair(host.readerId);
      const base = proofBase(run.session, run.session.method === "face" ? "face" : "visual", challenge);
      const proof: IdentityProof = { ...base, readerAttestation: { readerId: host.readerId, signature: signReaderAttestation(privateKey, challenge.challenge, base.certificate) } };
      run.settle({ event: { type: "signed" }, update: { proof } });
    },
    readPhone: async (run) => {
      const link = linkOf(run);
      const os = run.session.os ?? "iphone";
      const pin = run.takePin();
      const outcome = await readPhone(link, { os, ...(pin !== undefined ? { pin } : {}), challenge: host.challengeSource, at: new Date(host.clock.now()), alertMonths: profile.expiryAlertMonths, ...phoneGrace });
      run.settle(
        settlementOf(outcome, "phone", {
          read: (o) => ({
            kind: os,
            certificate: o.certificate,
            expiry: o.expiry,
            pinTriesLeft: undefined,
            proof: { deviceKind: os, method: os === "iphone" ? "biometric" : "pin", certificate: o.certificate, challengeId: o.challenge.challengeId, challenge: o.challenge.challenge, deviceSignature: o.signature },
          }),
          "certificate-expired": (o) => ({ expiry: o.expiry }),
          "pin-wrong": (o) => ({ pinTriesLeft: o.triesLeft }),
        }),
      );
    },
  };
}

/** The link to the device being read; throws (raised as `systemFailed`) when the state has none. */
function linkOf(run: ActivityRun): Transceiver {
  const link = run.session.link;
  if (link === undefined) throw new Error(`${run.state}: no device link`);
  return link;
}

/** The proof's common part: the device kind and certificate read in `session`, the method, the challenge. */
function proofBase(session: Readonly<ReaderSession>, method: IdentityMethod, challenge: Challenge): IdentityProof {
  const certificate = session.certificate;
  if (certificate === undefined) throw new Error("no certificate read in this session");
  return { deviceKind: session.kind ?? "card", method, certificate, challengeId: challenge.challengeId, challenge: challenge.challenge };
}
