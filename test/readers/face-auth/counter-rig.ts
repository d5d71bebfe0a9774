import { X509Certificate, verify as verifySignature } from "node:crypto";
import { expect } from "vitest";
import type { CardRegistry, MyNumberCard } from "../../../sim/cards/index.ts";
import { KeyStore } from "../../../sim/pki/index.ts";
import { FaceAuthReader, type FaceAuthReaderOptions, type FaceAuthResult, ManualClock, type ReaderProfile, type ScreenStateId, TerminalSettings } from "../../../sim/readers/face-auth/index.ts";
import { WsReaderPort } from "../../../sim/readers/ws-reader-port.ts";
import { verifyReaderAttestation } from "../../../sim/contract/index.ts";
import { type ApduDevice } from "../../../sim/apdu/index.ts";
import { ApduTrace } from "../../../sim/trace/index.ts";
import { DeviceSockets } from "../../../scenarios/clinic/device-sockets.ts";
import { freshCardRegistry } from "../../support/card-fixtures.ts";

/** The reference day of the reader suites (the phone suites use the same): certificate states are the personas'. */
export const REFERENCE_DATE = new Date("2025-10-01T00:00:00Z");

/** A device that can be taken in and out of a field itself (a phone). */
interface FieldAware {
  enterField(): void;
  leaveField(): void;
}

function isFieldAware(device: ApduDevice): device is ApduDevice & FieldAware {
  return typeof (device as Partial<FieldAware>).enterField === "function" && typeof (device as Partial<FieldAware>).leaveField === "function";
}

/** Options of {@link CounterRig.create}. */
export interface CounterRigOptions {
  /** Connect and configure a general-purpose reader (default true). */
  generalPurposeReader?: boolean;
  /** Restart the terminal and the reader after the set-up (default true). */
  restart?: boolean;
  /** Extra reader options. */
  reader?: Partial<FaceAuthReaderOptions>;
  /** The card registry (default: a fresh one on the reference date). */
  cards?: CardRegistry;
  /** The clock (default a manual one on the reference date). */
  clock?: ManualClock;
}

/**
 * A counter for one test: a face-auth reader of a model with its card slot, a general-purpose reader, the terminal's
 * settings, a manual clock, and every device served on its own WebSocket device server (socket carriers throughout).
 */
export class CounterRig {
  readonly reader: FaceAuthReader;
  readonly slot: WsReaderPort;
  readonly gp: WsReaderPort;
  readonly settings: TerminalSettings;
  readonly clock: ManualClock;
  readonly trace: ApduTrace;
  private readonly sockets = new DeviceSockets();

  private constructor(reader: FaceAuthReader, slot: WsReaderPort, gp: WsReaderPort, settings: TerminalSettings, clock: ManualClock, trace: ApduTrace) {
    this.reader = reader;
    this.slot = slot;
    this.gp = gp;
    this.settings = settings;
    this.clock = clock;
    this.trace = trace;
  }

  /** A counter with a reader of `profile`, set up as `options` say. */
  static create(profile: ReaderProfile, options: CounterRigOptions = {}): CounterRig {
    const clock = options.clock ?? new ManualClock(REFERENCE_DATE.getTime());
    const settings = new TerminalSettings({ clock });
    const slot = new WsReaderPort(`${profile.model} card slot`, { requestTimeoutMs: 2000 });
    const gp = new WsReaderPort("SONY FeliCa RC-S300/P", { requestTimeoutMs: 2000 });
    if (options.generalPurposeReader !== false) settings.configureGeneralPurposeReader(gp);
    const trace = new ApduTrace();
    const reader = new FaceAuthReader({ profile, cardSlot: slot, settings, clock, keyStore: KeyStore.shared(), trace, serial: "T001", ...options.reader });
    if (options.restart !== false) {
      settings.restartTerminal();
      reader.restart();
    }
    return new CounterRig(reader, slot, gp, settings, clock, trace);
  }

  /** The URL of `device`'s own device-bus server (started on first use). */
  urlOf(device: ApduDevice): Promise<string> {
    return this.sockets.urlOf(device);
  }


  /** Places `device` on `port` (the card slot unless told), for `holdMs` or until removed. Phones enter their field too. */
  async hold(device: ApduDevice, port: WsReaderPort = this.slot, holdMs?: number): Promise<void> {
    const url = await this.urlOf(device);
    if (isFieldAware(device)) device.enterField();
    await port.hold(url, holdMs === undefined ? {} : { holdMs });
  }

  /** Takes whatever is on `port` away (phones leave their field). */
  async remove(port: WsReaderPort = this.slot): Promise<void> {
    const url = port.heldUrl;
    await port.remove();
    const device = this.sockets.deviceAt(url);
    if (device && isFieldAware(device)) device.leaveField();
  }

  /** Waits (bounded) for the reader to show `state`. */
  async expectState(state: ScreenStateId, timeoutMs = 5000): Promise<void> {
    await this.reader.waitForState(state, { timeoutMs });
    expect(this.reader.state).toBe(state);
  }

  /** Answers the five yes/no consent screens and the prescription choice; returns the result. */
  async consentAll(answers: { yes?: boolean; prescription?: "electronic" | "paper" } = {}): Promise<FaceAuthResult> {
    await this.expectState("consent-drug");
    for (const state of ["consent-drug", "consent-health-check", "consent-clinical", "consent-surgery", "consent-cost-cap"] as const) {
      expect(this.reader.state).toBe(state);
      expect(this.reader.consent(answers.yes ?? true)).toBe(true);
    }
    expect(this.reader.state).toBe("consent-prescription");
    expect(this.reader.consent(answers.prescription ?? "electronic")).toBe(true);
    await this.expectState("result");
    const result = this.reader.result;
    if (!result) throw new Error("no result after the consent screens");
    return result;
  }

  /** Stops the reader, takes devices away and closes every server. */
  async close(): Promise<void> {
    this.reader.close();
    await Promise.all([this.remove(this.slot), this.remove(this.gp)]);
    await this.sockets.close();
  }
}

/** A fresh card registry on the reference date. */
export function referenceCards(): CardRegistry {
  return freshCardRegistry({ now: REFERENCE_DATE });
}

/** Checks a device signature (PIN or biometric path) against the certificate's public key. */
export function deviceSignatureVerifies(result: FaceAuthResult): boolean {
  const { proof } = result;
  if (!proof.deviceSignature) return false;
  return verifySignature("sha256", proof.challenge, new X509Certificate(proof.certificate).publicKey, proof.deviceSignature);
}

/** Checks a reader attestation (face or visual path) against the reader's public key. */
export async function readerAttestationVerifies(reader: FaceAuthReader, result: FaceAuthResult): Promise<boolean> {
  const { proof } = result;
  if (!proof.readerAttestation || proof.readerAttestation.readerId !== reader.readerId) return false;
  return verifyReaderAttestation(await reader.publicKey(), proof.challenge, proof.certificate, proof.readerAttestation.signature);
}

/** The card's certificate, for comparing with what the reader read. */
export function certificateOf(card: MyNumberCard): Uint8Array {
  return card.authCertificate.der;
}
