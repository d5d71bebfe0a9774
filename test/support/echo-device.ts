import { ApduFormatError } from "../../sim/apdu/apdu-format-error.ts";
import { CommandApdu } from "../../sim/apdu/command-apdu.ts";
import { ResponseApdu } from "../../sim/apdu/response-apdu.ts";
import { StatusWord } from "../../sim/apdu/status-word.ts";
import { type ApduDevice } from "../../sim/apdu/index.ts";

/** A power or reset call the device saw. */
export type EchoDeviceCall = "powerOn" | "powerOff" | "reset";

/** The contact ATR of the My Number Card (docs/domain/card-apdus.md), used by default. */
export const ECHO_DEVICE_ATR = Uint8Array.of(0x3b, 0xe0, 0x00, 0xff, 0x81, 0x31, 0xfe, 0x45, 0x14);

/**
 * A tiny test device. Its answers:
 * - `xx CA 00 00 Le` (GET DATA): the number of APDUs processed so far as 4 big-endian bytes + `9000`;
 * - `xx B0 p1 p2 Le` (READ BINARY): Ne bytes `(offset + i) & 0xFF` + `9000`;
 * - `xx 20 …` (VERIFY): `9000` when the data is ASCII `1234`, `63C2` otherwise;
 * - `xx 24 …` (CHANGE REFERENCE DATA): `9000`;
 * - `xx 5A …`: throws (a device that breaks its never-throw contract, for robustness tests);
 * - anything else well formed: its data echoed + `9000`; malformed: `6700`.
 * It records every power/reset call.
 */
export class EchoDevice implements ApduDevice {
  readonly description: string;
  readonly atr: Uint8Array;
  /** Power and reset calls, in order. */
  readonly calls: EchoDeviceCall[] = [];
  /** Command APDUs processed. */
  processed = 0;
  /** The last command seen. */
  lastCommand: Uint8Array | undefined;

  constructor(options?: { atr?: Uint8Array; description?: string }) {
    this.atr = options?.atr ?? ECHO_DEVICE_ATR;
    this.description = options?.description ?? "echo device";
  }

  powerOn(): void {
    this.calls.push("powerOn");
  }

  powerOff(): void {
    this.calls.push("powerOff");
  }

  reset(): void {
    this.calls.push("reset");
  }

  /** How many times `call` was seen. */
  count(call: EchoDeviceCall): number {
    return this.calls.filter((c) => c === call).length;
  }

  process(command: Uint8Array): Uint8Array {
    this.processed++;
    this.lastCommand = command.slice();
    let apdu: CommandApdu;
    try {
      apdu = CommandApdu.parse(command);
    } catch (error) {
      if (error instanceof ApduFormatError) return ResponseApdu.status(StatusWord.WRONG_LENGTH).encode();
      throw error;
    }
    switch (apdu.ins) {
      case 0xca: {
        const n = this.processed;
        return new ResponseApdu(Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff), StatusWord.OK).encode();
      }
      case 0xb0: {
        const offset = (apdu.p1 << 8) | apdu.p2;
        const data = new Uint8Array(apdu.ne ?? 0);
        for (let i = 0; i < data.length; i++) data[i] = (offset + i) & 0xff;
        return new ResponseApdu(data, StatusWord.OK).encode();
      }
      case 0x20: {
        const ok = new TextDecoder().decode(apdu.data) === "1234";
        return ResponseApdu.status(ok ? StatusWord.OK : 0x63c2).encode();
      }
      case 0x24:
        return ResponseApdu.status(StatusWord.OK).encode();
      case 0x5a:
        throw new Error("echo device: deliberate failure");
      default:
        return new ResponseApdu(apdu.data, StatusWord.OK).encode();
    }
  }
}
