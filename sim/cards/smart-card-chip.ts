import { ApduFormatError, CommandApdu, ResponseApdu, StatusWord } from "../apdu/index.ts";
import { type ApduDevice, type ContactlessIdentity } from "../apdu/index.ts";
import type { CardApplication } from "./card-application.ts";
import { CardSession } from "./card-session.ts";
import type { ElementaryFile } from "./elementary-file.ts";
import { CardStatusWord } from "./card-status-word.ts";
import { changeReferenceDataCommand } from "./commands/change-reference-data-command.ts";
import { computeSignatureCommand } from "./commands/compute-signature-command.ts";
import { internalAuthenticateCommand } from "./commands/internal-authenticate-command.ts";
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
  /** An AID whose SELECT returns to the MF state (the card's GlobalPlatform ISD); absent: `6A82` like any unknown AID. */
  masterFileAid?: Uint8Array;
}

const { CLA_NOT_SUPPORTED, INS_NOT_SUPPORTED, LOGICAL_CHANNEL_NOT_SUPPORTED, SECURE_MESSAGING_NOT_SUPPORTED, CHAINING_NOT_SUPPORTED,
  UNKNOWN } = StatusWord;

/**
 * The chip's operating system: parses each command APDU, checks the class byte, and dispatches to the
 * ISO 7816-4 commands the JPKI card uses (SELECT, READ BINARY, VERIFY, CHANGE REFERENCE DATA, INTERNAL AUTHENTICATE),
 * the JPKI COMPUTE DIGITAL SIGNATURE, and the device's own extra instructions. Every malformed or unsupported input
 * becomes a status word: nothing is thrown.
 *
 * Class byte: `00` interindustry, `80` proprietary; logical-channel bits → `6881` (myna-card `src/apdu.rs`); secure
 * messaging (`08`, `0C`) → `69FC` for READ BINARY and VERIFY and `6882` for everything else (myna-card README: "6882 to
 * SELECT FILE, and 69FC to READ BINARY and VERIFY"); chaining → `6884`; any other class → `6E00`. Unknown instructions
 * → `6D00`.
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
  private readonly masterFileAid: Uint8Array | undefined;
  private powered = false;

  constructor(options: SmartCardChipOptions) {
    this.description = options.description;
    this.atr = options.atr;
    if (options.contactless) this.contactless = options.contactless;
    this.applications = options.applications;
    this.extraCommands = options.extraCommands ?? new Map();
    this.masterFileAid = options.masterFileAid;
  }

  /** An elementary file of one of the chip's applications, for inspection in tests and reports (not an APDU path). */
  elementaryFile(aid: Uint8Array, fid: number): ElementaryFile | undefined {
    const app = this.applications.find((a) => a.aid.length === aid.length && a.aid.every((b, i) => b === aid[i]));
    return app?.files.get(fid);
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
    if (cla & 0x0c) {
      const refusal = ins === 0xb0 || ins === 0x20 ? CardStatusWord.SECURE_MESSAGING_REFUSED : SECURE_MESSAGING_NOT_SUPPORTED;
      return ResponseApdu.statusBytes(refusal);
    }
    if (cla & 0x10) return ResponseApdu.statusBytes(CHAINING_NOT_SUPPORTED);
    const extra = this.extraCommands.get((cla << 8) | ins);
    if (extra) return extra(command, this.session);
    if (cla === 0x00) {
      switch (ins) {
        case 0xa4:
          return selectCommand(command, this.session, {
            applications: this.applications,
            ...(this.masterFileAid ? { masterFileAid: this.masterFileAid } : {}),
          });
        case 0xb0:
          return readBinaryCommand(command, this.session);
        case 0x20:
          return verifyCommand(command, this.session);
        case 0x24:
          return changeReferenceDataCommand(command, this.session);
        case 0x88:
          return internalAuthenticateCommand(command, this.session);
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
