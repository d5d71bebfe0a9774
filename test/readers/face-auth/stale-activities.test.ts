import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { toHex } from "../../../sim/apdu/hex.ts";
import type { CardRegistry, MyNumberCard } from "../../../sim/cards/index.ts";
import { Aid } from "../../../sim/jpki/index.ts";
import { type CardFaceScanner, type ChallengeSource, localChallengeSource, PFU_CAORA, printedCardFaces } from "../../../sim/readers/face-auth/index.ts";
import { CounterRig, deviceSignatureVerifies, referenceCards } from "./counter-rig.ts";

let cards: CardRegistry;
let patientA: MyNumberCard;
let patientB: MyNumberCard;
let rig: CounterRig | undefined;

beforeAll(async () => {
  cards = referenceCards();
  patientA = await cards.card("P0001");
  patientB = await cards.card("P0002");
});

afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

/** A gate a test opens when it wants the work held behind it to go on. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Lets every callback already due (the late activity's continuation) run. */
const settleDown = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

describe("late results of a state already left are ignored", () => {
  it("a cancelled visual check's attestation, signed late, does not land on the next patient's read", async () => {
    const held = gate();
    let calls = 0;
    // The first challenge (patient A's attestation) arrives only when the test says so; later ones at once.
    const challengeSource: ChallengeSource = async () => {
      if (++calls === 1) await held.opened;
      return localChallengeSource();
    };
    rig = CounterRig.create(PFU_CAORA, { cards, reader: { challengeSource } });
    const r = rig;
    await r.reader.publicKey(); // the reader's key is ready: the late attestation needs nothing else to finish

    // Patient A: card read, staff visual check → attesting (waiting for the challenge), then 戻る.
    await r.hold(patientA);
    await r.expectState("method-choice");
    expect(r.reader.staffVisualCheck()).toBe(true);
    expect(r.reader.state).toBe("card-attesting");
    expect(r.reader.cancel()).toBe(true);
    expect(r.reader.state).toBe("standby");
    await r.remove();

    // Patient B: card read, PIN → the card signs → consent screens.
    await r.hold(patientB);
    await r.expectState("method-choice");
    r.reader.choosePin();
    expect(r.reader.enterPin("1234")).toBe(true);
    await r.expectState("consent-drug");

    // A's challenge arrives now: the attestation completes for a state long gone.
    held.open();
    await settleDown();
    expect(r.reader.state).toBe("consent-drug");

    const result = await r.consentAll();
    expect(result.proof).toMatchObject({ deviceKind: "card", method: "pin" });
    expect(result.proof.readerAttestation).toBeUndefined();
    expect(Buffer.from(result.proof.certificate).equals(patientB.authCertificate.der)).toBe(true);
    expect(deviceSignatureVerifies(result)).toBe(true);
  });

  it("a face-photo read whose card-face scan comes back after the state timed out sends no card-face APDUs", async () => {
    const held = gate();
    const printed = printedCardFaces([patientA]);
    const cardFaceScanner: CardFaceScanner = async (seen) => {
      await held.opened;
      return printed(seen);
    };
    rig = CounterRig.create(PFU_CAORA, { cards, reader: { cardFaceScanner } });
    const r = rig;
    await r.hold(patientA);
    await r.expectState("method-choice");
    expect(r.reader.chooseFace()).toBe(true);
    expect(r.reader.state).toBe("face-photo-reading");
    r.clock.advance(PFU_CAORA.timeouts.readMs);
    expect(r.reader.state).toBe("error-001");

    const before = r.trace.entries.length;
    held.open();
    await settleDown();
    const late = r.trace.entries.slice(before).filter((e) => e.direction === "command").map((e) => toHex(e.bytes));
    expect(late.filter((h) => h.startsWith("00A4040C0A" + toHex(Aid.CARD_FACE)))).toEqual([]);
    expect(late).toEqual([]);
    expect(r.reader.state).toBe("error-001");
  });
});
