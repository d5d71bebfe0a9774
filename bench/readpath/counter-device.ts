import { JpkiFile } from "../../sim/jpki/index.ts";
import { type Transceiver } from "../../sim/apdu/index.ts";
import type { MyNumberCard } from "../../sim/cards/my-number-card.ts";
import { IPhoneToken } from "../../sim/phones/iphone-token.ts";
import type { PhoneToken } from "../../sim/phones/phone-token.ts";
import type { DeviceKind, IdentityMethod, IdentityProof } from "../../sim/contract/identity-proof.ts";
import { JpkiClient } from "../../sim/jpki/jpki-client.ts";

/** The auth PIN the patients type (the test default of cards and Android phones). */
const AUTH_PIN = "1234";

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
  async prove(challengeId: string, challenge: Uint8Array): Promise<IdentityProof> {
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
}
