import { describe, expect, it } from "vitest";
import { AndroidPhoneToken, checkPhoneRequirements, IPhoneToken, PHONE_MODELS, phoneModel, type KnownPhoneModel } from "../../sim/phones/index.ts";

describe("OS and model minimums: iOS 18.5+ on iPhone XS or later; Android 11+", () => {
  it.each([
    ["iPhone XS", "18.5", undefined],
    ["iPhone XR", "18.5.1", undefined],
    ["iPhone 16", "26", undefined],
    ["iPhone SE (2nd generation)", "18.6", undefined],
    ["iPhone 15", "18.4.1", "os-too-old"],
    ["iPhone 15", "17", "os-too-old"],
    ["iPhone X", "18.5", "model-unsupported"],
    ["iPhone 8", "18.5", "model-unsupported"],
    ["Pixel 5", "11", undefined],
    ["Pixel 8", "14", undefined],
    ["Pixel 5", "10", "os-too-old"],
    ["Pixel 5", "not a version", "os-too-old"],
  ] as const)("%s on %s → %s", (name, os, reason) => {
    expect(checkPhoneRequirements(phoneModel(name as KnownPhoneModel, os))?.reason).toBe(reason);
  });

  it("phones are built for their platform only", () => {
    expect(() => new AndroidPhoneToken({ id: "x", model: phoneModel("iPhone 15", "18.5") })).toThrow(RangeError);
    expect(() => new IPhoneToken({ id: "y", model: phoneModel("Pixel 8", "14") })).toThrow(RangeError);
    expect(Object.keys(PHONE_MODELS).length).toBeGreaterThan(5);
  });
});
