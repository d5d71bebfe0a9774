import { expect, test } from "vitest";
import { CATALOGUE } from "../../scenarios/catalogue/catalogue.ts";
import { CarrierSetupError } from "../../scenarios/catalogue/mechanisms/pcscd-ports.ts";
import { runScenario } from "../../scenarios/catalogue/run-scenario.ts";
import { PcscContext } from "../../sim/transport/pcsc-context.ts";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import { EchoDevice } from "../support/echo-device.ts";
import { describeHardware } from "../support/hardware-tier.ts";

/**
 * Catalogue entries with every APDU through the real pcscd (`scenario run --carrier pcscd`): the face-auth reader's
 * antenna and the general-purpose reader each mirrored into one vpcd slot and read back over PC/SC. A sample here;
 * `.ci/run` runs the whole catalogue this way.
 */
const SAMPLE = ["PHONE-READ-ANDROID", "PHONE-READ-IPHONE", "PHONE-HELD-BEFORE-BUTTON", "CARD-READ-PIN", "CARD-NOT-RECOGNISED-001"];

describeHardware("the catalogue through the real pcscd", (status) => {
  test.each(SAMPLE)("%s happens as in-process", async (id) => {
    expect(status.freeSlots, "--carrier pcscd takes both vpcd slots: another run or `myna-hil attach` holds one").toEqual([0, 1]);
    const entry = CATALOGUE.find((e) => e.id === id);
    if (entry === undefined) throw new Error(`no catalogue entry ${id}`);
    const verdict = await runScenario(entry, { seed: 1, carrier: "pcscd" });
    expect(verdict.differences, `observed screens ${verdict.observed.screens.join(" → ")}`).toEqual([]);
    if (entry.notThrough?.pcscd === undefined) {
      expect(verdict.carrier).toBe("pcscd");
      // The read happened (a card or phone read is a dozen APDUs or more), over PC/SC from the reader ports.
      expect(verdict.trace.entries.length).toBeGreaterThan(10);
    } else {
      expect(verdict.carrier).toBe("in-process");
      expect(verdict.carrierNote).toMatch(/^in-process, not through pcscd: vpcd cannot carry/);
    }
  }, 60_000);

  test("refuses to start while a card is already in one of the slots, naming the reader (nothing is played)", async () => {
    const entry = CATALOGUE.find((e) => e.id === "PHONE-READ-ANDROID");
    if (entry === undefined) throw new Error("no PHONE-READ-ANDROID");
    const reader = status.vpcdReaders[0] as string;
    const context = await PcscContext.open();
    const link = await VpcdCardLink.connect(new EchoDevice({ description: "someone else's card" }), { slot: 0 });
    try {
      await context.waitForCard(reader, { timeoutMs: 10_000 });
      const error = await runScenario(entry, { seed: 1, carrier: "pcscd" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CarrierSetupError);
      expect((error as Error).message).toContain(`a card is already in "${reader}"`);
    } finally {
      await link.close();
      await context.waitForRemoval(reader, { timeoutMs: 10_000 }).catch(() => undefined);
      context.close();
    }
  }, 60_000);
});
