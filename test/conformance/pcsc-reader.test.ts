import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { CardRegistry } from "../../sim/cards/card-registry.ts";
import { IPhoneToken, PhoneRegistry, phoneModel } from "../../sim/phones/index.ts";
import { KeyStore } from "../../sim/pki/index.ts";
import { GeneralPurposeReader, GeneralPurposeReaderSlot, UsbReaderProfiles } from "../../sim/readers/general-purpose/index.ts";
import { PcscContext } from "../../sim/transport/pcsc-context.ts";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import { loadProfile } from "../../conformance/profile/load-profile.ts";
import { runReader } from "../../conformance/reader/run-reader.ts";
import { READER_REQUIREMENTS } from "../../conformance/requirements/reader-requirements.ts";
import { runConformance } from "../../conformance/run/conformance-run.ts";
import { judgeAll } from "../../conformance/run/judge-all.ts";
import { describeHardware } from "../support/hardware-tier.ts";

const PROFILE = "conformance/profiles/pcsc-reader.json";

describeHardware("DUT pcsc:READER: reader-level checks on the vpcd slot, as if it were a real reader", (status) => {
  const slot = status.freeSlots[0] ?? 0;
  const readerName = status.vpcdReaders[slot] as string;
  const cleanup: (() => Promise<void>)[] = [];

  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
    const context = await PcscContext.open();
    try {
      await context.waitForRemoval(readerName, { timeoutMs: 10_000 });
    } finally {
      context.close();
    }
  });

  async function cardInReader(): Promise<void> {
    const card = await new CardRegistry().card("P0002");
    const link = await VpcdCardLink.connect(card, { host: "127.0.0.1", port: 35963 + slot });
    cleanup.push(() => link.close());
  }

  it("a card (contact ATR) passes the read-only checks; the signature check is inconclusive without a PIN", async () => {
    await cardInReader();
    const dir = await mkdtemp(join(tmpdir(), "myna-conf-rdr-"));
    const outcome = await runConformance({ dut: `pcsc:${readerName}`, profile: await loadProfile(PROFILE), profileFile: PROFILE, outDir: dir, seed: "reader-1" });
    const verdicts = Object.fromEntries(outcome.results.map((r) => [r.id, r.verdict]));
    expect(verdicts).toEqual({
      "MYNA-RDR-001": "pass",
      "MYNA-RDR-002": "pass",
      "MYNA-RDR-003": "pass",
      "MYNA-RDR-004": "pass",
      "MYNA-RDR-005": "pass",
      "MYNA-RDR-006": "pass",
      "MYNA-RDR-007": "pass",
      "MYNA-RDR-008": "inconclusive",
    });
    expect(outcome.exitCode).toBe(0);
  });

  it("with the tester's PIN, VERIFY and a signature verified against the certificate; the PIN is not in the trace", async () => {
    await cardInReader();
    const dir = await mkdtemp(join(tmpdir(), "myna-conf-rdr-"));
    const profile = await loadProfile(PROFILE);
    const set = await runReader({ readerName, profile, dir, seed: "reader-2", pin: "1234" });
    const o = set.scenarios["reader-checks"];
    expect(o?.facts).toMatchObject({ verifySw: 0x9000, signSw: 0x9000, signatureVerifies: true });
    expect(typeof o?.facts.fullReadMs).toBe("number");
    expect(JSON.stringify(o?.apdus)).not.toContain("31323334");
    expect(judgeAll(READER_REQUIREMENTS, set, profile).filter((r) => r.verdict !== "pass").map((r) => `${r.id} ${r.message}`)).toEqual([]);
  });

  it("an iPhone on an emulated contactless reader: PC/SC part-3 ATR; certificate needs Face ID (inconclusive, not fail)", async () => {
    const reader = new GeneralPurposeReader(UsbReaderProfiles.rcS300P);
    const mirror = await GeneralPurposeReaderSlot.open(reader, { slot });
    cleanup.push(async () => {
      reader.remove();
      await mirror.close();
    });
    const registry = new CardRegistry();
    const phone = new IPhoneToken({ id: "iphone-rdr-test", model: phoneModel("iPhone 15", "18.5"), registeredBiometrics: ["face"] });
    const phones = new PhoneRegistry({ authority: await registry.authority(), keyStore: KeyStore.shared() });
    const added = await phones.provision({ phone, card: await registry.card("P0002"), cardSignPassword: "MYNA2025", cardInfoPin: "1234", healthInsuranceRegistered: true });
    expect(added.ok).toBe(true);
    phone.enterField();
    reader.hold(phone);
    await mirror.settled();
    const dir = await mkdtemp(join(tmpdir(), "myna-conf-rdr-"));
    const profile = { ...(await loadProfile(PROFILE)), extendedApdus: false };
    const set = await runReader({ readerName, profile, dir, seed: "reader-3" });
    const verdicts = Object.fromEntries(judgeAll(READER_REQUIREMENTS, set, profile).map((r) => [r.id, r.verdict]));
    expect(String(set.scenarios["reader-checks"]?.facts.atr)).toMatch(/^3B 8. 80 01/);
    expect(verdicts).toMatchObject({ "MYNA-RDR-001": "pass", "MYNA-RDR-002": "pass", "MYNA-RDR-003": "pass", "MYNA-RDR-004": "not_applicable", "MYNA-RDR-006": "inconclusive", "MYNA-RDR-008": "inconclusive" });
  });
});
