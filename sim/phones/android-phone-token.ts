import { FOUR_DIGITS, jpkiApplication, LAST_COMMAND_INDICATOR, lastCommandIndicatorRefused, PinCounter, SIGNING_PASSWORD } from "../cards/index.ts";
import type { PhoneInstallation } from "./phone-installation.ts";
import { type PhoneJpki, PhoneToken, type PhoneTokenOptions } from "./phone-token.ts";

/**
 * An Android phone carrying the JPKI token in its secure element (label `JPKIAPGPSETOKEN`). Its own auth PIN
 * (4 digits, 3 tries) and signing password (6–16 of A–Z 0–9, 5 tries) are set when the card is added; the auth PIN
 * (typed on the reader, sent as VERIFY of `0018`) must be verified before the auth certificate `000A` can be read
 * (`6982` before), and before the auth key signs. Blocked PINs answer `6984`, as on the card.
 * `80 FC 00 00` (the iPhone's last-command indicator) answers `6700` as on the card (modelled).
 */
export class AndroidPhoneToken extends PhoneToken {
  readonly tokenLabel = "JPKIAPGPSETOKEN";

  constructor(options: PhoneTokenOptions) {
    super(options, "android");
  }

  protected buildJpki(installation: PhoneInstallation): PhoneJpki {
    const { keys, credentials } = installation;
    const pins = { auth: new PinCounter(credentials.authPin, 3, FOUR_DIGITS), sign: new PinCounter(credentials.signPassword, 5, SIGNING_PASSWORD) };
    const application = jpkiApplication({
      tokenLabel: this.tokenLabel,
      serialNumber: this.id,
      keys,
      authPin: pins.auth,
      signPin: pins.sign,
      authCertificateRequiresPin: true,
    });
    const extraCommands = new Map([[LAST_COMMAND_INDICATOR, lastCommandIndicatorRefused]]);
    return { application, pins, extraCommands };
  }
}
