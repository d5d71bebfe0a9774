import { type ApduDevice, type ContactlessIdentity, ResponseApdu, StatusWord } from "../../../sim/apdu/index.ts";

/**
 * A contactless IC card that is not a My Number Card (a transit or store card: modelled), or a My Number Card whose chip
 * does not answer sensibly (damaged: every answer empty). On a face-auth reader the first gives `002`
 * (マイナンバーカード以外), the second `001` (マイナンバーカードの認識不可) (docs/domain/reader-models.md#screen-codes).
 */
export class OtherIcCard implements ApduDevice {
  readonly description: string;
  readonly atr = Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01);
  readonly contactless: ContactlessIdentity = {
    type: "B",
    pupi: Uint8Array.of(0x12, 0x34, 0x56, 0x78),
    applicationData: Uint8Array.of(0, 0, 0, 0),
    protocolInfo: Uint8Array.of(0x80, 0x91, 0x81),
  };
  private readonly kind: "other-ic-card" | "no-chip";

  /** @param kind `other-ic-card`: answers every SELECT `6A82`; `no-chip`: a chip that answers nothing parseable. */
  constructor(kind: "other-ic-card" | "no-chip") {
    this.kind = kind;
    this.description = kind === "other-ic-card" ? "IC card (not a My Number Card)" : "My Number Card with an unreadable chip";
  }

  powerOn(): void {}
  powerOff(): void {}
  reset(): void {}

  process(): Uint8Array {
    return this.kind === "no-chip" ? new Uint8Array(0) : ResponseApdu.statusBytes(StatusWord.FILE_NOT_FOUND);
  }
}
