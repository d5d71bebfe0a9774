import { type ApduDevice, type ContactlessIdentity, ResponseApdu, StatusWord } from "../../../sim/apdu/index.ts";
import type { PhoneToken } from "../../../sim/phones/index.ts";

/**
 * An iPhone answering a reader that did not send Apple's enhanced contactless polling frame: it presents its default
 * payment card (Apple Pay) instead of the JPKI token, so SELECT JPKI answers `6A82` (modelled after kormax-9,
 * docs/domain/read-failures.md#radio; whether this matters for the My Number Card is uncertain, so it is configurable:
 * `GeneralPurposeSetting.enhancedPolling` and `defaultPaymentCard`). Field presence is the phone's own.
 */
export class PaymentCardFront implements ApduDevice {
  readonly description: string;
  private readonly phone: PhoneToken;

  constructor(phone: PhoneToken) {
    this.phone = phone;
    this.description = `${phone.description} (default payment card)`;
  }

  get contactless(): ContactlessIdentity {
    return this.phone.contactless;
  }

  get nfcAntenna(): PhoneToken["nfcAntenna"] {
    return this.phone.nfcAntenna;
  }

  get atr(): Uint8Array {
    return this.phone.atr;
  }

  enterField(): void {
    this.phone.enterField();
  }

  leaveField(): void {
    this.phone.leaveField();
  }

  onFieldChange(listener: (inField: boolean) => void): () => void {
    return this.phone.onFieldChange(listener);
  }

  powerOn(): void {}
  powerOff(): void {}
  reset(): void {}

  /** Only the payment applet answers: everything the JPKI host selects is not found. */
  process(): Uint8Array {
    return ResponseApdu.statusBytes(StatusWord.FILE_NOT_FOUND);
  }
}
