import { afterEach, describe, expect, it } from "vitest";
import { CANON_FACR, PANASONIC_XC_STFR1J_MN, PFU_CAORA, READER_MODELS } from "../../../sim/readers/face-auth/index.ts";
import { CounterRig } from "./counter-rig.ts";

const PHONE_BUTTON = "スマートフォンを利用する";
let rig: CounterRig | undefined;

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function shown(r: CounterRig): boolean {
  const onScreen = r.reader.screen().buttons.includes(PHONE_BUTTON);
  expect(r.reader.phoneButtonShown()).toBe(onScreen);
  return onScreen;
}

describe("the 「スマートフォンを利用する」 button", () => {
  it.each(READER_MODELS.filter((m) => !m.readsPhonesItself).map((m) => [m.model, m] as const))("%s: shown with a general-purpose reader configured, after both restarts", (_n, profile) => {
    rig = CounterRig.create(profile);
    expect(shown(rig)).toBe(true);
    expect(rig.reader.choosePhone()).toBe(true);
    expect(rig.reader.state).toBe("os-choice");
  });

  it("absent with no general-purpose reader (non-Canon), even after restarts; choosing it is ignored", () => {
    rig = CounterRig.create(PANASONIC_XC_STFR1J_MN, { generalPurposeReader: false });
    expect(shown(rig)).toBe(false);
    expect(rig.reader.choosePhone()).toBe(false);
    expect(rig.reader.state).toBe("standby");
  });

  it("absent until the terminal and the reader are both restarted after the general-purpose reader is configured", () => {
    rig = CounterRig.create(PFU_CAORA, { generalPurposeReader: false });
    rig.settings.configureGeneralPurposeReader(rig.gp);
    expect(shown(rig)).toBe(false);
    rig.reader.restart();
    expect(shown(rig)).toBe(false);
    rig.settings.restartTerminal();
    expect(shown(rig)).toBe(true); // both restarted after the change, in either order (modelled)
    rig.settings.configureGeneralPurposeReader(rig.gp);
    rig.settings.restartTerminal();
    expect(shown(rig)).toBe(false); // the terminal alone is not enough
    rig.reader.restart();
    expect(shown(rig)).toBe(true);
  });

  it("absent while 「スマホによる本人確認の利用有無」 is off; back only after restarts once it is on again", () => {
    rig = CounterRig.create(PANASONIC_XC_STFR1J_MN);
    expect(rig.settings.smartphoneIdentityEnabled).toBe(true);
    rig.settings.setSmartphoneIdentity(false);
    expect(shown(rig)).toBe(false);
    rig.settings.restartTerminal();
    rig.reader.restart();
    expect(shown(rig)).toBe(false);
    rig.settings.setSmartphoneIdentity(true);
    expect(shown(rig)).toBe(false);
    rig.reader.restart();
    expect(shown(rig)).toBe(false);
    rig.settings.restartTerminal();
    rig.reader.restart();
    expect(shown(rig)).toBe(true);
  });

  it("Canon: shown without a general-purpose reader (after restart); not while the setting is off", () => {
    rig = CounterRig.create(CANON_FACR, { generalPurposeReader: false });
    expect(shown(rig)).toBe(true);
    rig.settings.setSmartphoneIdentity(false);
    expect(shown(rig)).toBe(false);
    rig.settings.setSmartphoneIdentity(true);
    expect(shown(rig)).toBe(false);
    rig.settings.restartTerminal();
    rig.reader.restart();
    expect(shown(rig)).toBe(true);
    expect(rig.reader.choosePhone()).toBe(true);
  });

  it("removing the general-purpose reader hides the button at once on a non-Canon model", () => {
    rig = CounterRig.create(PFU_CAORA);
    expect(shown(rig)).toBe(true);
    rig.settings.configureGeneralPurposeReader(undefined);
    expect(shown(rig)).toBe(false);
  });
});
