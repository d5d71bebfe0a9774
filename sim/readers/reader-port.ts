import { type Transceiver } from "../apdu/index.ts";

/**
 * A place a device is read from: a face-auth reader's card slot or antenna, or a general-purpose contactless reader.
 * The screen state machine reads devices only through ports, so the same code reads an emulated device in-process,
 * one behind pcscd (an adapter over PC/SC), or a real one.
 */
export interface ReaderPort {
  /** Name for traces and screens, e.g. `SONY FeliCa RC-S300/P` or `Virtual PCD 00 00`. */
  readonly name: string;
  /**
   * The product the port is, when it differs from {@link name}: a PC/SC name carries a slot suffix (`… 00 00`) and a
   * reader behind vpcd is listed under vpcd's name unless pcscd is given a FRIENDLYNAME; the set-up on the terminal
   * records which model was connected. Face-auth readers check it against the models their maker lists.
   */
  readonly model?: string;
  /** Whether a device is in the field or slot now. */
  isPresent(): boolean;
  /**
   * Resolves with a link to the device once one is present, or `null` when `timeoutMs` passes first.
   * The link breaks (transmit rejects with `TransportError("removed")`) when the device leaves.
   */
  waitForDevice(options: { timeoutMs: number; signal?: AbortSignal }): Promise<Transceiver | null>;
  /**
   * How many times a device has been brought into the field or slot, for ports that count placements. A reader compares
   * two readings to tell a device placed again from one left lying: a removal and a new placement may both fall between
   * two looks at {@link isPresent}. Ports that do not count leave it out; a reader then goes by {@link isPresent} alone.
   */
  readonly presentations?: number;
}
