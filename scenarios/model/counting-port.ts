import type { Transceiver } from "../../sim/apdu/index.ts";
import type { GeneralPurposeReader } from "../../sim/readers/general-purpose/index.ts";
import type { ReaderPort } from "../../sim/readers/reader-port.ts";

/**
 * A {@link ReaderPort} over an in-process contactless field (the general-purpose reader, or the face-auth reader's own
 * antenna) that counts placements ({@link ReaderPort.presentations}), so a device taken away and placed again between
 * two looks of the reader is seen as placed again (docs/domain/counter-flow.md#hold: the patient holds again).
 */
export class CountingPort implements ReaderPort {
  readonly name: string;
  readonly model: string;
  private count = 0;
  private readonly field: GeneralPurposeReader;

  constructor(field: GeneralPurposeReader, model: string) {
    this.field = field;
    this.name = field.name;
    this.model = model;
    field.on("present", () => this.count++);
  }

  get presentations(): number {
    return this.count;
  }

  isPresent(): boolean {
    return this.field.isPresent();
  }

  waitForDevice(options: { timeoutMs: number; signal?: AbortSignal }): Promise<Transceiver | null> {
    return this.field.waitForDevice(options);
  }
}
