import { fromHex, ResponseApdu } from "../../sim/apdu/index.ts";
import type { CardRegistry, MyNumberCard } from "../../sim/cards/index.ts";
import { type JpkiAuthority, KeyStore } from "../../sim/pki/index.ts";
import {
  AndroidPhoneToken,
  IPhoneToken,
  type IPhoneTokenOptions,
  type KnownPhoneModel,
  phoneModel,
  PhoneRegistry,
  type PhoneToken,
  type ProvisionRequest,
  type ProvisionResult,
} from "../../sim/phones/index.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

/**
 * The reference day of the phone suites: fixed, so ages do not drift (on it P0009 is 10, P0010 13, P0021 14) and
 * certificate states are those the personas name.
 */
export const TEST_DATE = new Date("2025-10-01T00:00:00Z");

/** A settable clock starting at {@link TEST_DATE}. */
export interface TestClock {
  (): number;
  advance(ms: number): void;
}

/** A clock tests move by hand. */
export function testClock(start: Date = TEST_DATE): TestClock {
  let now = start.getTime();
  const clock = (() => now) as TestClock;
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/** Cards, their authority and a phone registry, all on one clock. */
export interface PhoneWorld {
  cards: CardRegistry;
  authority: JpkiAuthority;
  phones: PhoneRegistry;
  clock: TestClock;
}

/** A fresh world for one test file: its own authority, cards and phones; keys from the shared cache. */
export async function phoneWorld(start: Date = TEST_DATE): Promise<PhoneWorld> {
  const clock = testClock(start);
  const cards = freshCardRegistry({ now: start });
  const authority = await cards.authority();
  const phones = new PhoneRegistry({ authority, keyStore: KeyStore.shared(), clock });
  return { cards, authority, phones, clock };
}

/** An Android phone (Pixel 8, Android 14 unless told). */
export function androidPhone(id: string, model: KnownPhoneModel = "Pixel 8", os = "14"): AndroidPhoneToken {
  return new AndroidPhoneToken({ id, model: phoneModel(model, os) });
}

/** An iPhone (iPhone 15, iOS 18.5, Face ID registered unless told). */
export function iPhone(id: string, options: Partial<IPhoneTokenOptions> & { modelName?: KnownPhoneModel; os?: string } = {}): IPhoneToken {
  const { modelName = "iPhone 15", os = "18.5", ...rest } = options;
  return new IPhoneToken({ id, model: phoneModel(modelName, os), registeredBiometrics: ["face"], ...rest });
}

/** A request with the default secrets (card signing password MYNA2025, card-info PIN 1234) and registration done. */
export function request(phone: PhoneToken, card: MyNumberCard, overrides: Partial<ProvisionRequest> = {}): ProvisionRequest {
  return { phone, card, cardSignPassword: "MYNA2025", cardInfoPin: "1234", healthInsuranceRegistered: true, ...overrides };
}

/** Adds the persona's card to the phone and fails the test when refused. */
export async function provisioned<T extends PhoneToken>(world: PhoneWorld, phone: T, personaId: string, overrides: Partial<ProvisionRequest> = {}): Promise<T> {
  const result: ProvisionResult = await world.phones.provision(request(phone, await world.cards.card(personaId), overrides));
  if (!result.ok) throw new Error(`provisioning ${personaId} on ${phone.id} refused: ${result.refusal.reason} (${result.refusal.message})`);
  return phone;
}

/** Sends one command APDU (hex) straight to a device. */
export function send(device: { process(command: Uint8Array): Uint8Array }, hex: string): ResponseApdu {
  return ResponseApdu.parse(device.process(fromHex(hex)));
}

/** SELECT of the JPKI AP. */
export const SELECT_JPKI = "00A4040C0AD392F000260100000001";
/** SELECT EF by FID (4 hex digits). */
export const selectEf = (fid: string): string => `00A4020C02${fid}`;
/** VERIFY with an ASCII PIN. */
export const verifyPin = (pin: string): string =>
  `00200080${pin.length.toString(16).padStart(2, "0")}${[...pin].map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("")}`;
