import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readCardForQualification } from "../../sim/terminal/card-read-path.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

const registry = freshCardRegistry();

async function read(personaId: string, pinAttempts: string[] = ["1234"]) {
  const card = await registry.card(personaId);
  return readCardForQualification(new InProcessTransceiver(card), {
    pinAttempts,
    challenge: randomBytes(32),
    authority: await registry.authority(),
    graceAfterExpiryMonths: 3,
  });
}

describe("the card read path at the counter", () => {
  it("qualifies a valid card and returns its certificate", async () => {
    const r = await read("P0001");
    expect(r.outcome).toEqual({ kind: "qualified", inGrace: false });
    expect(r.certificate).toEqual((await registry.card("P0001")).authCertificate.der);
  });

  it("qualifies a card whose certificate expired two months ago, inside the 3-month grace", async () => {
    expect((await read("P0006")).outcome).toEqual({ kind: "qualified", inGrace: true });
  });

  it("refuses with 006 a certificate expired beyond the grace, and a revoked one", async () => {
    expect((await read("P0007")).outcome).toMatchObject({ kind: "certificate-invalid", code: "006", reason: "expired" });
    expect((await read("P0008")).outcome).toMatchObject({ kind: "certificate-invalid", code: "006", reason: "revoked" });
  });

  it("tells a mistyped PIN from a blocked one, and a typo followed by the right PIN qualifies", async () => {
    expect((await read("P0014", ["9999", "1234"])).outcome).toEqual({ kind: "qualified", inGrace: false });
    expect((await read("P0015", ["9999"])).outcome).toEqual({ kind: "pin-wrong", triesLeft: 2 });
    expect((await read("P0015", ["9998", "9997"])).outcome).toEqual({ kind: "pin-blocked" });
    expect((await read("P0015", ["1234"])).outcome).toEqual({ kind: "pin-blocked" });
  });

  it("reports a card that is not a JPKI card as not recognised (001)", async () => {
    const notJpki = { description: "other card", atr: Uint8Array.of(0x3b, 0x00), powerOn() {}, powerOff() {}, reset() {}, process: () => Uint8Array.of(0x6a, 0x82) };
    const r = await readCardForQualification(new InProcessTransceiver(notJpki), {
      pinAttempts: ["1234"],
      challenge: randomBytes(32),
      authority: await registry.authority(),
      graceAfterExpiryMonths: 3,
    });
    expect(r.outcome).toMatchObject({ kind: "read-failed", code: "001" });
  });
});
