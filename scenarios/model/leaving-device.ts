import { type ApduDevice, DeviceMiddleware } from "../../sim/apdu/index.ts";

/** When the patient takes a held device away: never (it stays), at the first READ BINARY, or at the signature. */
export type LeaveMoment = "stays" | "at-read" | "at-sign";

/** INS bytes: READ BINARY `B0`, COMPUTE DIGITAL SIGNATURE `2A` (docs/domain/card-apdus.md). */
const INS: Readonly<Record<Exclude<LeaveMoment, "stays">, number>> = { "at-read": 0xb0, "at-sign": 0x2a };

/** The field-awareness phones have (entering the field powers them with a fresh PUPI); kept through the wrapper. */
interface FieldAwareDevice extends ApduDevice {
  enterField?(): void;
  leaveField?(): void;
  onFieldChange?(listener: (inField: boolean) => void): () => void;
}

/**
 * A card or phone whose holder takes it away the moment the reader sends a given command (the read then fails as the
 * tag is lost; docs/domain/read-failures.md#radio). `leave` is called once, before the device answers; the reader sees
 * the device gone when its answer should have come.
 */
export class LeavingDevice extends DeviceMiddleware {
  override readonly description: string;
  private readonly ins: number;
  private readonly leave: () => void;
  private left = false;

  constructor(inner: ApduDevice, moment: Exclude<LeaveMoment, "stays">, leave: () => void) {
    super(inner);
    this.ins = INS[moment];
    this.leave = leave;
    this.description = `${inner.description} (taken away ${moment})`;
    const aware = inner as FieldAwareDevice;
    if (aware.enterField && aware.leaveField) {
      const enter = aware.enterField.bind(aware);
      const leaveField = aware.leaveField.bind(aware);
      Object.assign(this, { enterField: enter, leaveField, ...(aware.onFieldChange ? { onFieldChange: aware.onFieldChange.bind(aware) } : {}) });
    }
  }

  /** Whether this wraps `device`. */
  wraps(device: ApduDevice): boolean {
    return this.inner === device;
  }

  override process(command: Uint8Array): Uint8Array {
    if (!this.left && command[1] === this.ins) {
      this.left = true;
      this.leave();
    }
    return this.inner.process(command);
  }
}
