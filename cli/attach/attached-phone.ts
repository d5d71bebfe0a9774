import { CardRegistry } from "../../sim/cards/card-registry.ts";
import type { CardCredentials } from "../../sim/cards/card-credentials.ts";
import { type Persona } from "../../sim/personas/index.ts";
import { AndroidPhoneToken, IPhoneToken, type KnownPhoneModel, PHONE_MODELS, phoneModel, PhoneRegistry, type PhoneToken, type ProvisionRefusalReason } from "../../sim/phones/index.ts";
import { UsageError } from "../cli-error.ts";
import { DEFAULT_CREDENTIALS } from "../../sim/personas/index.ts";

/** How `attach` builds a phone: which model, which OS version, and the phone's own credentials. */
export interface PhoneAttachOptions {
  kind: "iphone" | "android";
  persona: Persona;
  model?: string;
  os?: string;
  credentials: Partial<CardCredentials>;
}

const DEFAULTS = { iphone: { model: "iPhone 15", os: "18.5" }, android: { model: "Pixel 8", os: "14" } } as const;

/** An OS version as phones show it: `18.5`, `14`, `17.4.1`. */
const OS_VERSION = /^[0-9]{1,3}(?:\.[0-9]{1,3}){0,2}$/;

/** The flag a refusal is about, so the message names what the user should change. */
function flagOf(reason: ProvisionRefusalReason, persona: string, os: string, model: string): string {
  switch (reason) {
    case "os-too-old":
      return `--os ${os}`;
    case "model-unsupported":
    case "biometrics-not-registered":
      return `--model ${JSON.stringify(model)}`;
    case "phone-credentials-invalid":
      return "--auth-pin/--sign-password";
    default:
      return `--persona ${persona}`;
  }
}

/**
 * A phone with the persona's card added the way a person does it (the physical card, its signing password, age 15+,
 * health-insurance use registered; on the iPhone Face ID registered and the card-face input PIN).
 * Refusals (a child's card, an old OS…) become a {@link UsageError} naming the flag and the reason.
 */
export async function provisionAttachedPhone(options: PhoneAttachOptions): Promise<PhoneToken> {
  const defaults = DEFAULTS[options.kind];
  const modelName = options.model ?? defaults.model;
  if (!(modelName in PHONE_MODELS)) throw new UsageError(`--model: unknown phone model "${modelName}" (known: ${Object.keys(PHONE_MODELS).join(", ")})`);
  const os = options.os ?? defaults.os;
  if (!OS_VERSION.test(os)) throw new UsageError(`--os: must be a version like ${defaults.os} (digits and dots), got ${JSON.stringify(os)}`);
  const model = phoneModel(modelName as KnownPhoneModel, os);
  const wantPlatform = options.kind === "iphone" ? "ios" : "android";
  if (model.platform !== wantPlatform) throw new UsageError(`--model: "${modelName}" is not an ${options.kind === "iphone" ? "iPhone" : "Android phone"}`);
  const id = `${options.kind}-${options.persona.id}`;
  const phone =
    options.kind === "iphone"
      ? new IPhoneToken({ id, model, registeredBiometrics: [...(PHONE_MODELS[modelName as KnownPhoneModel].biometricSensors as readonly ("face" | "touch")[])] })
      : new AndroidPhoneToken({ id, model });
  const cards = CardRegistry.shared();
  const card = await cards.card(options.persona);
  // A service in another process (serve onshi, a vendor's) must refuse this phone once it is replaced or suspended.
  const phones = new PhoneRegistry({ authority: await cards.authority(), publishRevocations: true });
  const result = await phones.provision({
    phone,
    card,
    // The card was issued with these credentials (defaults 1234 / MYNA2025); the phone gets the same ones.
    cardSignPassword: options.credentials.signPassword ?? DEFAULT_CREDENTIALS.signPassword,
    cardInfoPin: options.credentials.cardInfoPin ?? options.credentials.authPin ?? DEFAULT_CREDENTIALS.cardInfoPin,
    healthInsuranceRegistered: true,
    phoneCredentials: {
      ...(options.credentials.authPin ? { authPin: options.credentials.authPin } : {}),
      ...(options.credentials.signPassword ? { signPassword: options.credentials.signPassword } : {}),
    },
  });
  if (!result.ok) {
    const flag = flagOf(result.refusal.reason, options.persona.id, os, modelName);
    throw new UsageError(`${flag}: the card cannot be added to a phone: ${result.refusal.message} (${result.refusal.reason})`);
  }
  return phone;
}
