import { describe, expect, it } from "vitest";
import { CommandApdu, fromHex } from "../../sim/apdu/index.ts";
import { AndroidPhoneToken, IPhoneToken, type KnownPhoneModel, nfcLinkFailure, PHONE_MODELS, type PhoneModel, phoneModel, phoneNfc } from "../../sim/phones/index.ts";

const EXTENDED_READ = CommandApdu.of({ cla: 0, ins: 0xb0, p1: 0, p2: 0, ne: 4096 }).encode();
const SHORT_READ = fromHex("00B0000000");

describe("phone models declare their NFC front end (docs/domain/phone-token.md, modelled quirks)", () => {
  it("every catalogued model declares its antenna position and takes extended APDUs; iPhones are held by the top edge", () => {
    for (const [name, entry] of Object.entries(PHONE_MODELS)) {
      const nfc = phoneNfc(phoneModel(name as KnownPhoneModel, "18.5"));
      expect(nfc.antenna).toBe(entry.nfcAntenna);
      expect(nfc.extendedApdus).toBe(true);
      if (entry.platform === "ios") expect(nfc.antenna).toBe("top-edge");
    }
    const androidSpots = new Set(Object.values(PHONE_MODELS).filter((e) => e.platform === "android").map((e) => e.nfcAntenna));
    expect(androidSpots.size).toBeGreaterThan(1); // Androids vary
  });

  it("overrides change a catalogued model's NFC front end and leave the rest alone", () => {
    const model = phoneModel("Pixel 8", "14", { extendedApdus: false, nfcAntenna: "middle-back" });
    expect(model).toMatchObject({ name: "Pixel 8", osVersion: "14", platform: "android", extendedApdus: false, nfcAntenna: "middle-back" });
    expect(phoneModel("Pixel 8", "14", { extendedApdus: undefined }).extendedApdus).toBe(true);
    expect(phoneModel("Pixel 8", "14")).toEqual(phoneModel("Pixel 8", "14", {}));
  });

  it("a hand-built model without the fields gets the defaults: extended APDUs taken, antenna by platform", () => {
    const handBuilt: PhoneModel = { platform: "android", name: "Some Android", osVersion: "13", released: "2022-01", biometricSensors: ["touch"] };
    expect(phoneNfc(handBuilt)).toEqual({ antenna: "upper-back", extendedApdus: true });
    expect(phoneNfc({ ...handBuilt, platform: "ios", name: "Some iPhone" }).antenna).toBe("top-edge");
  });

  it("without extended APDUs only extended-length commands fail at the link (the short Le=256 form does not)", () => {
    const without = phoneModel("Xperia 10 V", "14", { extendedApdus: false });
    expect(nfcLinkFailure(without, EXTENDED_READ)).toMatch(/does not take extended-length APDUs/);
    expect(nfcLinkFailure(without, CommandApdu.of({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(8), extended: true }).encode())).toBeDefined();
    expect(nfcLinkFailure(without, SHORT_READ)).toBeUndefined();
    expect(nfcLinkFailure(without, fromHex("00A4040C0AD392F000260100000001"))).toBeUndefined();
    expect(nfcLinkFailure(phoneModel("Xperia 10 V", "14"), EXTENDED_READ)).toBeUndefined();
  });

  it("the phone exposes them: nfcAntenna and contactlessLinkFailure (named after the handset)", () => {
    const android = new AndroidPhoneToken({ id: "android-nfc", model: phoneModel("AQUOS sense8", "14", { extendedApdus: false }) });
    expect(android.nfcAntenna).toBe("middle-back");
    expect(android.contactlessLinkFailure(EXTENDED_READ)).toMatch(/^AQUOS sense8 android-nfc: /);
    expect(android.contactlessLinkFailure(SHORT_READ)).toBeUndefined();
    const iphone = new IPhoneToken({ id: "iphone-nfc", model: phoneModel("iPhone 16", "18.5") });
    expect(iphone.nfcAntenna).toBe("top-edge");
    expect(iphone.contactlessLinkFailure(EXTENDED_READ)).toBeUndefined();
  });
});
