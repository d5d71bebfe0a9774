import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../../../sim/apdu/hex.ts";
import { type CardRegistry, type MyNumberCard } from "../../../sim/cards/index.ts";
import { ALMEX_MYNA_TOUCH, DEFAULT_READER_TIMEOUTS, printedCardFaces, READER_MODELS, type ReaderProfile } from "../../../sim/readers/face-auth/index.ts";
import { Aid } from "../../../sim/jpki/index.ts";
import { type ApduDevice } from "../../../sim/apdu/index.ts";
import { CounterRig, deviceSignatureVerifies, readerAttestationVerifies, referenceCards } from "./counter-rig.ts";

const PERSONAS = ["P0001", "P0002", "P0003", "P0004", "P0005", "P0006", "P0007", "P0008", "P0013", "P0014"] as const;
let cards: CardRegistry;
const card: Record<string, MyNumberCard> = {};
let rig: CounterRig | undefined;

beforeAll(async () => {
  cards = referenceCards();
  for (const id of PERSONAS) card[id] = await cards.card(id);
});

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function counter(profile: ReaderProfile): CounterRig {
  rig = CounterRig.create(profile, { cards, reader: { cardFaceScanner: printedCardFaces(Object.values(card)) } });
  return rig;
}

function cardOf(id: string): MyNumberCard {
  const c = card[id];
  if (!c) throw new Error(`no card ${id}`);
  return c;
}

/** A device that refuses every command with `6A82` (a payment or transit card, say). */
const notJpki: ApduDevice = { description: "transit card", atr: Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01), powerOn() {}, powerOff() {}, reset() {}, process: () => Uint8Array.of(0x6a, 0x82) };

/** A card-shaped object whose chip answers nothing usable (no chip). */
const mute: ApduDevice = { description: "card without a chip", atr: new Uint8Array(0), powerOn() {}, powerOff() {}, reset() {}, process: () => new Uint8Array(0) };

/** The card, taken off the slot by the patient after `afterCommands` commands (mid-read). */
function slipping(inner: MyNumberCard, afterCommands: number, takeAway: () => void): ApduDevice {
  let n = 0;
  return {
    description: `${inner.description} (taken away mid-read)`,
    atr: inner.atr,
    powerOn: () => inner.powerOn(),
    powerOff: () => inner.powerOff(),
    reset: () => inner.reset(),
    process(command) {
      n++;
      if (n === afterCommands) takeAway();
      return inner.process(command);
    },
  };
}

const SELECT_JPKI = `00A4040C0A${toHex(Aid.JPKI)}`;

describe.each(READER_MODELS.map((m) => [m.model, m] as const))("%s with a card, over socket carriers", (_name, profile) => {
  it("face match: top screen → card read → face → consent → result, with the persona's certificate and the reader's attestation", async () => {
    const r = counter(profile);
    const c = cardOf("P0001");
    expect(r.reader.state).toBe("standby");
    await r.hold(c);
    await r.expectState("method-choice");
    expect(r.reader.chooseFace()).toBe(true);
    await r.expectState("face-match");
    expect(r.reader.faceCameraScore(0.95)).toBe(true);
    const result = await r.consentAll();
    expect(result.proof).toMatchObject({ deviceKind: "card", method: "face" });
    expect(Buffer.from(result.proof.certificate).equals(c.authCertificate.der)).toBe(true);
    expect(result.proof.deviceSignature).toBeUndefined();
    expect(await readerAttestationVerifies(r.reader, result)).toBe(true);
    expect(result.consents).toEqual({ drug: true, healthCheck: true, clinical: true, surgery: true, costCap: true, prescription: "electronic" });
    // Real APDUs went over the socket: SELECT JPKI, the card-face AP with 照合番号B, READ BINARY.
    const commands = r.trace.entries.filter((e) => e.direction === "command").map((e) => toHex(e.bytes));
    expect(commands).toContain(SELECT_JPKI);
    expect(commands.some((h) => h.startsWith("00A4040C0A" + toHex(Aid.CARD_FACE)))).toBe(true);
    expect(commands.some((h) => h.startsWith("00B0"))).toBe(true);
    expect(r.trace.entries[0]?.link).toMatch(/ws:\/\/127\.0\.0\.1/);
  });

  it("PIN on the reader: VERIFY to the card, the card signs the challenge; the PIN is not in the trace", async () => {
    const r = counter(profile);
    const c = cardOf("P0002");
    await r.hold(c);
    await r.expectState("method-choice");
    r.reader.choosePin();
    await r.expectState("card-pin-entry");
    expect(r.reader.enterPin("1234")).toBe(true);
    const result = await r.consentAll({ yes: false, prescription: "paper" });
    expect(result.proof).toMatchObject({ deviceKind: "card", method: "pin" });
    expect(Buffer.from(result.proof.certificate).equals(c.authCertificate.der)).toBe(true);
    expect(deviceSignatureVerifies(result)).toBe(true);
    expect(result.proof.readerAttestation).toBeUndefined();
    expect(result.consents).toEqual({ drug: false, healthCheck: false, clinical: false, surgery: false, costCap: false, prescription: "paper" });
    const text = r.trace.toText();
    expect(text).toMatch(/redacted 4 bytes/);
    expect(text.replaceAll(" ", "")).not.toMatch(/31323334/);
    expect(JSON.stringify(r.reader.history)).not.toContain("1234");
  });

  it("staff visual check: the reader attests, the card's PIN counters are untouched", async () => {
    const r = counter(profile);
    const c = cardOf("P0003");
    const before = c.pins.auth.triesLeft;
    await r.hold(c);
    await r.expectState("method-choice");
    expect(r.reader.staffVisualCheck()).toBe(true);
    const result = await r.consentAll();
    expect(result.proof).toMatchObject({ deviceKind: "card", method: "visual" });
    expect(Buffer.from(result.proof.certificate).equals(c.authCertificate.der)).toBe(true);
    expect(await readerAttestationVerifies(r.reader, result)).toBe(true);
    expect(c.pins.auth.triesLeft).toBe(before);
  });

  it("locks face authentication after 10 failed matches; PIN still works", async () => {
    const r = counter(profile);
    await r.hold(cardOf("P0004"));
    await r.expectState("method-choice");
    r.reader.chooseFace();
    await r.expectState("face-match");
    for (let i = 1; i < profile.faceLockAfterFailures; i++) {
      r.reader.faceCameraScore(0.2);
      expect(r.reader.state).toBe("face-match");
    }
    expect(r.reader.screen().lines.join()).toContain(`${profile.faceLockAfterFailures - 1}/${profile.faceLockAfterFailures}`);
    r.reader.faceCameraScore(0.79);
    expect(r.reader.state).toBe("face-locked");
    expect(r.reader.faceCameraScore(0.99)).toBe(false);
    r.reader.choosePin();
    r.reader.enterPin("1234");
    const result = await r.consentAll();
    expect(result.proof.method).toBe("pin");
  });

  it("006 for a certificate expired beyond the card's grace (P0007); the expiry alert for P0005 (expiring) and P0006 (in grace)", async () => {
    const r = counter(profile);
    await r.hold(cardOf("P0007"));
    await r.expectState("error-006");
    expect(r.reader.screen()).toMatchObject({ code: "006", title: "利用者証明用電子証明書の失効・有効期限切れ" });
    await r.remove();
    r.reader.acknowledge();
    for (const [id, status] of [["P0005", "expiring"], ["P0006", "in-grace"]] as const) {
      expect(r.reader.state).toBe("standby");
      await r.hold(cardOf(id));
      await r.expectState("expiry-alert");
      expect(r.reader.screen().lines.join()).toMatch(status === "in-grace" ? /3か月間は利用できます/ : /お早めに更新/);
      r.reader.acknowledge();
      expect(r.reader.state).toBe("method-choice");
      r.reader.staffVisualCheck();
      const result = await r.consentAll();
      expect(result.expiry.status).toBe(status);
      expect(Buffer.from(result.proof.certificate).equals(cardOf(id).authCertificate.der)).toBe(true);
      await r.remove();
      r.reader.acknowledge();
    }
  });

  it("002 for a device that is not a My Number Card (SELECT JPKI → 6A82)", async () => {
    const r = counter(profile);
    await r.hold(notJpki);
    await r.expectState("error-002");
    expect(r.reader.screen()).toMatchObject({ code: "002", title: "マイナンバーカード以外" });
    expect(r.reader.lastProblem?.detail).toMatch(/6A82/);
  });

  it("001 for a card that leaves mid-read", async () => {
    const r = counter(profile);
    const device = slipping(cardOf("P0001"), 4, () => void r.slot.remove());
    await r.hold(device);
    await r.expectState("error-001");
    expect(r.reader.screen()).toMatchObject({ code: "001", title: "マイナンバーカードの認識不可" });
    expect(r.reader.lastProblem?.detail).toMatch(/removed/);
  });

  it(profile.noChip === "paper-card" ? "no chip: treated as a paper card, then 「読み取りに失敗しました」" : "no chip: 001", async () => {
    const r = counter(profile);
    await r.hold(mute);
    if (profile.noChip === "paper-card") {
      await r.expectState("paper-card-reading");
      r.clock.advance(profile.timeouts.paperCardReadMs);
      expect(r.reader.state).toBe("error-read-failed");
      expect(r.reader.screen().title).toBe("読み取りに失敗しました");
    } else {
      await r.expectState("error-001");
    }
  });
});

describe("card reads: PIN counters, time-outs and the read the reader cannot refuse", () => {
  it("a wrong PIN shows the tries left; a blocked PIN offers staff visual check, which leaves the counter blocked", async () => {
    const r = counter(READER_MODELS[0] as ReaderProfile);
    const c = cardOf("P0013");
    await r.hold(c);
    await r.expectState("method-choice");
    r.reader.choosePin();
    r.reader.enterPin("12");
    expect(r.reader.state).toBe("card-pin-entry");
    r.reader.enterPin("9999");
    await r.expectState("card-pin-entry");
    expect(r.reader.screen().lines.join()).toContain("残り2回");
    r.reader.enterPin("9998");
    await r.reader.waitForState("card-pin-entry");
    r.reader.enterPin("9997");
    await r.expectState("pin-locked");
    expect(c.pins.auth.blocked).toBe(true);
    r.reader.staffVisualCheck();
    const result = await r.consentAll();
    expect(result.proof.method).toBe("visual");
    expect(c.pins.auth.blocked).toBe(true);
  });

  it("a revoked certificate (P0008) is not refused by the reader: revocation is the online service's check", async () => {
    const r = counter(ALMEX_MYNA_TOUCH);
    await r.hold(cardOf("P0008"));
    await r.expectState("method-choice");
  });

  it("time-outs: no card → guidance → top screen; an abandoned consent → guidance; the same card is not read twice", async () => {
    const r = counter(READER_MODELS[1] as ReaderProfile);
    r.reader.chooseCard();
    expect(r.reader.state).toBe("card-hold");
    r.clock.advance(DEFAULT_READER_TIMEOUTS.cardHoldMs - 1);
    expect(r.reader.state).toBe("card-hold");
    r.clock.advance(1);
    expect(r.reader.state).toBe("guidance-timeout");
    r.clock.advance(DEFAULT_READER_TIMEOUTS.messageMs);
    expect(r.reader.state).toBe("standby");
    await r.hold(cardOf("P0014"));
    await r.expectState("method-choice");
    r.reader.staffVisualCheck();
    await r.expectState("consent-drug");
    r.clock.advance(DEFAULT_READER_TIMEOUTS.consentMs);
    expect(r.reader.state).toBe("guidance-timeout");
    r.reader.acknowledge();
    expect(r.reader.state).toBe("standby");
    // The card still lies in the slot: nothing happens until it is taken away and placed again.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.reader.state).toBe("standby");
    await r.remove();
    await r.hold(cardOf("P0014"));
    await r.expectState("method-choice");
  });

  it("face match needs 照合番号B: without a card-face scan the reader offers PIN or staff", async () => {
    rig = CounterRig.create(READER_MODELS[2] as ReaderProfile, { cards });
    await rig.hold(cardOf("P0001"));
    await rig.expectState("method-choice");
    rig.reader.chooseFace();
    await rig.expectState("face-unavailable");
    rig.reader.staffVisualCheck();
    await rig.expectState("consent-drug");
  });
});
