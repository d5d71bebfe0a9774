import { type CommandApdu, ResponseApdu, StatusWord } from "../apdu/index.ts";
import { type AccessGuard, cardApplication, type ElementaryFile, FOUR_DIGITS, jpkiApplication, PinCounter, SIGNING_PASSWORD } from "../cards/index.ts";
import { AuthorisationWindow } from "./authorisation-window.ts";
import type { BiometricActResult } from "./biometric-act.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { PhoneInstallation } from "./phone-installation.ts";
import type { BiometricKind } from "./phone-model.ts";
import { type PhoneJpki, PhoneToken, type PhoneTokenOptions } from "./phone-token.ts";
import { type ProvisionRefusal, provisionRefusal } from "./provision-refusal.ts";
import { type RuleSwitchboard, rulesOrDefault } from "../rules/index.ts";

import { JpkiFile } from "../jpki/index.ts";
/** Default length of the iPhone's authorisation window after Face ID / Touch ID (modelled). */
export const DEFAULT_AUTHORISATION_WINDOW_MS = 30_000;

/**
 * The security-status reference the auth key needs on the iPhone: set by a signing attempt inside the window.
 * Outside the 16-bit FID space, so no SELECT reaches it and no VERIFY or CHANGE REFERENCE DATA can set it.
 */
const BIOMETRIC_AUTHORISATION = 0x1_0000;

/** Options of {@link IPhoneToken}. */
export interface IPhoneTokenOptions extends PhoneTokenOptions {
  /** Biometrics registered on the phone (Face ID and/or Touch ID, as the model's sensors allow). Default none. */
  registeredBiometrics?: readonly BiometricKind[];
  /** Length of the authorisation window after a biometric act, in ms (modelled; default 30 s). */
  authorisationWindowMs?: number;
  /** Time source of the window; default the system clock. */
  clock?: Clock;
  /** Rule switchboard (sim/rules; default every rule on): "iphone-authorisation-window" off makes the window always open. */
  rules?: RuleSwitchboard;
}

/**
 * An iPhone carrying the JPKI token (label `JPKIAPIOSTOKEN`). There is no PIN at the counter: Face ID / Touch ID on
 * the phone ({@link performBiometric}) opens an authorisation window; the passcode cannot stand in. Modelled rules:
 * - outside the window, READ BINARY of the auth certificate `000A` and COMPUTE DIGITAL SIGNATURE with the auth key
 *   `0017` answer `6982` (security status not satisfied); inside it both work with no VERIFY;
 * - VERIFY with data of the auth PIN `0018` answers `6986` (command not allowed: the iPhone takes no PIN at the
 *   counter); an empty VERIFY still reports `63C3` so host tools that probe the counter keep working;
 * - the signing certificate `0001` and key `001A` sit behind the phone's own signing password, as on the card,
 *   independent of the window;
 * - `80 FC 00 00`, the last-command indicator, answers `9000` and closes the window (the next read needs a new act);
 *   data → `6700`, other P1-P2 → `6A86`;
 * - the window also closes when it times out or the token is disabled; leaving the field does not close it.
 */
export class IPhoneToken extends PhoneToken {
  readonly tokenLabel = "JPKIAPIOSTOKEN";
  /** The authorisation window Face ID / Touch ID open. */
  readonly authorisation: AuthorisationWindow;
  readonly #registered = new Set<BiometricKind>();
  readonly #rules: RuleSwitchboard;

  constructor(options: IPhoneTokenOptions) {
    super(options, "ios");
    this.#rules = rulesOrDefault(options.rules);
    this.authorisation = new AuthorisationWindow(options.authorisationWindowMs ?? DEFAULT_AUTHORISATION_WINDOW_MS, options.clock ?? systemClock);
    for (const kind of options.registeredBiometrics ?? []) this.registerBiometric(kind);
  }

  /** The biometrics registered on the phone. */
  get registeredBiometrics(): readonly BiometricKind[] {
    return [...this.#registered];
  }

  /** Registers a face (Face ID) or fingerprint (Touch ID). Throws a RangeError when the model has no such sensor. */
  registerBiometric(kind: BiometricKind): void {
    if (!this.model.biometricSensors.includes(kind)) throw new RangeError(`${this.model.name} has no ${sensorName(kind)}`);
    this.#registered.add(kind);
  }

  /** Removes every registered face and fingerprint (as in the phone's settings). */
  clearBiometrics(): void {
    this.#registered.clear();
  }

  override readiness(): ProvisionRefusal | undefined {
    if (this.#registered.size > 0) return undefined;
    return provisionRefusal("biometrics-not-registered", `register Face ID or Touch ID on ${this.model.name} before adding the card`);
  }

  /**
   * The patient's Face ID / Touch ID act on the phone before the tap. Opens the authorisation window when the phone
   * has the sensor, a registration for it, an active token, and the face or finger matches (`match`, default true).
   */
  performBiometric(kind: BiometricKind, options?: { match?: boolean }): BiometricActResult {
    if (!this.model.biometricSensors.includes(kind)) return { ok: false, reason: "no-sensor", message: `${this.model.name} has no ${sensorName(kind)}` };
    if (!this.#registered.has(kind)) return { ok: false, reason: "not-registered", message: `no ${sensorName(kind)} registration on ${this.model.name}` };
    if (this.state !== "active") return { ok: false, reason: "no-card", message: `${this.description} holds no usable My Number Card (${this.state})` };
    if (options?.match === false) return { ok: false, reason: "no-match", message: `${sensorName(kind)} did not match` };
    return { ok: true, kind, expiresAt: new Date(this.authorisation.open()) };
  }

  /** The passcode typed instead of Face ID / Touch ID: it never opens the window. */
  performPasscode(): BiometricActResult {
    return { ok: false, reason: "passcode-not-accepted", message: "the passcode cannot stand in for Face ID / Touch ID for the My Number Card" };
  }

  protected buildJpki(installation: PhoneInstallation): PhoneJpki {
    const { keys, credentials } = installation;
    // The auth PIN EF exists but takes no VERIFY with data (the guard refuses it), so its value is never used.
    const pins = { auth: new PinCounter("0000", 3, FOUR_DIGITS), sign: new PinCounter(credentials.signPassword, 5, SIGNING_PASSWORD) };
    const base = jpkiApplication({
      tokenLabel: this.tokenLabel,
      serialNumber: this.id,
      keys,
      authPin: pins.auth,
      signPin: pins.sign,
    });
    const files: ElementaryFile[] = [...base.files.values()].map((file) =>
      file.kind === "key" && file.fid === JpkiFile.AUTH_KEY ? { ...file, useRequires: BIOMETRIC_AUTHORISATION } : file,
    );
    const application = cardApplication(base.name, base.aid, files, this.#guard);
    const extraCommands = new Map([[0x80fc, (command: CommandApdu) => this.#lastCommand(command)]]);
    return { application, pins, extraCommands };
  }

  protected override onDisabled(): void {
    this.authorisation.close();
  }

  readonly #guard: AccessGuard = (operation, file, session) => {
    if (operation === "verify" && file.fid === JpkiFile.AUTH_PIN) return StatusWord.COMMAND_NOT_ALLOWED;
    const gated = (operation === "read" && file.fid === JpkiFile.AUTH_CERT) || (operation === "sign" && file.fid === JpkiFile.AUTH_KEY);
    if (!gated) return undefined;
    // Rule hook "iphone-authorisation-window" (docs/domain/counter-flow.md#identity-check, modelled window).
    if (!this.authorisation.isOpen && this.#rules.isOn("iphone-authorisation-window")) return StatusWord.SECURITY_STATUS_NOT_SATISFIED;
    if (operation === "sign") session.verified.add(BIOMETRIC_AUTHORISATION);
    return undefined;
  };

  #lastCommand(command: CommandApdu): Uint8Array {
    if (command.data.length > 0) return ResponseApdu.statusBytes(StatusWord.WRONG_LENGTH);
    if (command.p1 !== 0 || command.p2 !== 0) return ResponseApdu.statusBytes(StatusWord.INCORRECT_P1_P2);
    this.authorisation.close();
    return ResponseApdu.statusBytes(StatusWord.OK);
  }
}

function sensorName(kind: BiometricKind): string {
  return kind === "face" ? "Face ID" : "Touch ID";
}
