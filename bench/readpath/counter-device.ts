import { JpkiFile } from "../../sim/jpki/index.ts";
import { type Transceiver } from "../../sim/apdu/index.ts";
import type { MyNumberCard } from "../../sim/cards/my-number-card.ts";
import { IPhoneToken } from "../../sim/phones/iphone-token.ts";
import type { PhoneToken } from "../../sim/phones/phone-token.ts";
import type { DeviceKind, IdentityMethod, IdentityProof } from "../../sim/contract/identity-proof.ts";
import { JpkiClient } from "../../sim/jpki/jpki-client.ts";
import type { PilotPin } from "./pilot-patient-plan.ts";
import { DEFAULT_CREDENTIALS } from "../../sim/personas/index.ts";

/** The auth PIN the patients type (the test default of cards and Android phones). */
const AUTH_PIN = DEFAULT_CREDENTIALS.authPin;
/** A PIN the patient mistypes (never the test default). */
const WRONG_PIN = "9999";

/** The read ended at the device, before the service was asked (e.g. a blocked PIN: docs/domain/fallbacks.md). */
export class DeviceReadError extends Error {
  constructor(
    /** Machine-readable cause, e.g. `pin-blocked`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "DeviceReadError";
  }
}

/** What the patient does at the reader during {@link CounterDevice.prove}, and what it cost. */
export interface ProveOptions {
  /** How the auth PIN is typed (default right). */
  pin?: PilotPin;
}

/** A patient's device as a counter's reader sees it, and the link its APDUs travel on. */
export class CounterDevice {
  /** The identity check this kind of device uses at the counter. */
  readonly method: IdentityMethod;

  constructor(
    readonly kind: DeviceKind,
    readonly personaId: string,
    private readonly device: MyNumberCard | PhoneToken,
    /** In-process or the device's own ws socket; opened once, before timing. */
    readonly link: Transceiver,
  ) {
    this.method = kind === "iphone" ? "biometric" : "pin";
  }

  /**
   * One read at the counter with real APDUs: the iPhone's Face ID act first; the device enters the field (a phone) or
   * is placed on the reader (a card); SELECT the JPKI AP; VERIFY the auth PIN (card, Android); read the auth
   * certificate; sign SHA-256(challenge) with the auth key; the device leaves, losing its security status.
   */
  async prove(challengeId: string, challenge: Uint8Array, options: ProveOptions = {}): Promise<IdentityProof> {
    const device = this.device;
    if (device instanceof IPhoneToken) {
      const act = device.performBiometric("face");
      if (!act.ok) throw new Error(`Face ID on ${device.description}: ${act.message}`);
    }
    const phone = "enterField" in device;
    if (phone) device.enterField();
    else device.powerOn();
    try {
      const client = new JpkiClient(this.link);
      await client.selectApplication();
      if (this.method === "pin") {
        if (options.pin === "wrong-once" || options.pin === "block") {
          // A mistyped PIN costs a try (63Cx); three block the PIN for good (no unblock on the card: pin-counter.ts).
          for (let attempt = 0; attempt < (options.pin === "block" ? 3 : 1); attempt++) {
            const wrong = await client.verify(JpkiFile.AUTH_PIN, WRONG_PIN);
            if (wrong.verified) throw new Error(`the ${this.kind} of ${this.personaId} accepted a wrong PIN`);
            if (wrong.blocked) break;
          }
          if (options.pin === "block") throw new DeviceReadError("pin-blocked", `the auth PIN of the ${this.kind} of ${this.personaId} is blocked`);
        }
        const verification = await client.verify(JpkiFile.AUTH_PIN, AUTH_PIN);
        if (!verification.verified) throw new Error(`VERIFY refused by the ${this.kind} of ${this.personaId} (${verification.triesLeft} tries left)`);
      }
      const certificate = await client.readAuthCertificate();
      const deviceSignature = await client.signWithAuthKey(challenge);
      return { deviceKind: this.kind, method: this.method, certificate, challengeId, challenge, deviceSignature };
    } finally {
      if (phone) device.leaveField();
      else device.powerOff();
    }
  }

  /**
   * A phone held on the general-purpose reader before 「スマートフォンを利用する」 was pressed (docs/domain/pilot-findings.md
   * "Staff feedback"): the reader activates it (its ATR over the link) but, still on the top screen, starts no read and
   * shows guidance; the patient takes the phone away. Returns the guidance screen shown.
   */
  async tapTooEarly(): Promise<string> {
    const device = this.device;
    if (!("enterField" in device)) throw new Error(`a ${this.kind} is placed, not tapped`);
    device.enterField();
    try {
      await this.link.reset();
    } finally {
      device.leaveField();
    }
    return "guidance-operate-first";
  }
}
