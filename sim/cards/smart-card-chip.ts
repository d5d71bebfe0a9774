import { ApduFormatError, CommandApdu, ResponseApdu, StatusWord } from "../apdu/index.ts";
import { type ApduDevice, type ContactlessIdentity } from "../apdu/index.ts";
import type { CardApplication } from "./card-application.ts";
import { CardSession } from "./card-session.ts";
import { changeReferenceDataCommand } from "./commands/change-reference-data-command.ts";
import { computeSignatureCommand } from "./commands/compute-signature-command.ts";
import { readBinaryCommand } from "./commands/read-binary-command.ts";
import { selectCommand } from "./commands/select-command.ts";
import { verifyCommand } from "./commands/verify-command.ts";

/** A device-specific instruction, keyed by `CLA << 8 | INS` in {@link SmartCardChipOptions.extraCommands}. */
export type ExtraCommand = (command: CommandApdu, session: CardSession) => Uint8Array;

/** What distinguishes one chip from another: its ATR, applications and any proprietary instructions. */
export interface SmartCardChipOptions {
  description: string;
  atr: Uint8Array;
  /** ATQB identity when the chip also answers contactless (Type B). */
  contactless?: ContactlessIdentity;
  applications: readonly CardApplication[];
  extraCommands?: ReadonlyMap<number, ExtraCommand>;
}

const { CLA_NOT_SUPPORTED, INS_NOT_SUPPORTED, LOGICAL_CHANNEL_NOT_SUPPORTED, SECURE_MESSAGING_NOT_SUPPORTED, CHAINING_NOT_SUPPORTED,
  SECURITY_STATUS_NOT_SATISFIED, UNKNOWN } = StatusWord;

/**
 * The chip's operating system: parses each command APDU, checks the class byte, and dispatches to the
 * ISO 7816-4 commands the JPKI card uses (SELECT, READ BINARY, VERIFY, CHANGE REFERENCE DATA) and the JPKI
 * COMPUTE DIGITAL SIGNATURE. Every malformed or unsupported input becomes a status word: nothing is thrown.
 *
 * Class byte: `00` interindustry, `80` proprietary; logical-channel bits → `6881`, secure messaging → `6882`,
 * chaining → `6884`, any other class → `6E00`. Unknown instructions → `6D00`.
 */
export class SmartCardChip implements ApduDevice {
  readonly description: string;
  readonly atr: Uint8Array;
  readonly contactless?: ContactlessIdentity;
  /** The volatile state (selected application, EF, verified PINs). */
  readonly session = new CardSession();
  /** Number of command APDUs processed since creation. */
  commandCount = 0;
  private readonly applications: readonly CardApplication[];
  private readonly extraCommands: ReadonlyMap<number, ExtraCommand>;
  private powered = false;

  constructor(options: SmartCardChipOptions) {
    this.description = options.description;
    this.atr = options.atr;
    if (options.contactless) this.contactless = options.contactless;
    this.applications = options.applications;
    this.extraCommands = options.extraCommands ?? new Map();
  }

  /** Whether power is applied. `process` on an unpowered chip powers it first (as a reader does before the first APDU). */
  get isPowered(): boolean {
    return this.powered;
  }

  powerOn(): void {
    this.powered = true;
    this.session.clear();
  }

  powerOff(): void {
    this.powered = false;
    this.session.clear();
  }

  reset(): void {
    this.powered = true;
    this.session.clear();
  }

  process(bytes: Uint8Array): Uint8Array {
    this.commandCount++;
    if (!this.powered) this.powerOn();
    let command: CommandApdu;
    try {
      command = CommandApdu.parse(bytes);
    } catch (e) {
      if (e instanceof ApduFormatError) return ResponseApdu.statusBytes(e.statusWord);
      return ResponseApdu.statusBytes(UNKNOWN);
    }
    try {
      return this.dispatch(command);
    } catch {
      // A bug in a command must not take the serving loop down: answer "no precise diagnosis".
      return ResponseApdu.statusBytes(UNKNOWN);
    }
  }

  private dispatch(command: CommandApdu): Uint8Array {
    const { cla, ins } = command;
    if (cla & 0x40 || cla & 0x03) return ResponseApdu.statusBytes(LOGICAL_CHANNEL_NOT_SUPPORTED);
    if (cla & 0x0c) return ResponseApdu.statusBytes(SECURE_MESSAGING_NOT_SUPPORTED);
    if (cla & 0x10) return ResponseApdu.statusBytes(CHAINING_NOT_SUPPORTED);
    const extra = this.extraCommands.get((cla << 8) | ins);
    if (extra) return extra(command, this.session);
    if (cla === 0x00) {
      switch (ins) {
        case 0xa4:
          return selectCommand(command, this.session, this.applications);
        case 0xb0:
          return readBinaryCommand(command, this.session);
        case 0x20:
          return verifyCommand(command, this.session);
        case 0x24:
          return changeReferenceDataCommand(command, this.session);
        case 0x88:
          // INTERNAL AUTHENTICATE is refused by the JPKI AP (DOMAIN.md §8).
          return ResponseApdu.statusBytes(SECURITY_STATUS_NOT_SATISFIED);
        default:
          return ResponseApdu.statusBytes(INS_NOT_SUPPORTED);
      }
    }
    if (cla === 0x80) {
      if (ins === 0x2a) return computeSignatureCommand(command, this.session);
      return ResponseApdu.statusBytes(INS_NOT_SUPPORTED);
    }
    return ResponseApdu.statusBytes(CLA_NOT_SUPPORTED);
  }
}
