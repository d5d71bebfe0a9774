import { type Transceiver } from "../apdu/index.ts";

/**
 * A place a device is read from: a face-auth reader's card slot or antenna, or a general-purpose contactless reader.
 * The screen state machine reads devices only through ports, so the same code reads an emulated device in-process,
 * one behind pcscd (an adapter over PC/SC), or a real one.
 */
export interface ReaderPort {
  /** Name for traces and screens, e.g. `SONY FeliCa RC-S300/P` or `Virtual PCD 00 00`. */
  readonly name: string;
  /** Whether a device is in the field or slot now. */
  isPresent(): boolean;
  /**
   * Resolves with a link to the device once one is present, or `null` when `timeoutMs` passes first.
   * The link breaks (transmit rejects with `TransportError("removed")`) when the device leaves.
   */
  waitForDevice(options: { timeoutMs: number; signal?: AbortSignal }): Promise<Transceiver | null>;
}
