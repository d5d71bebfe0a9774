import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { toHex } from "../../sim/apdu/hex.ts";
import { StatusWord } from "../../sim/apdu/index.ts";
import { MY_NUMBER_CARD_ATQB, JpkiFile } from "../../sim/jpki/index.ts";
import { AndroidPhoneToken, phoneModel } from "../../sim/phones/index.ts";
import { JpkiClient } from "../../sim/jpki/jpki-client.ts";
import { InProcessTransceiver } from "../../sim/transport/in-process-transceiver.ts";
import { type PhoneWorld, phoneWorld, provisioned, SELECT_JPKI, send } from "./phone-fixtures.ts";

/** A PUPI source that counts, so each activation's PUPI is known. */
function countingRandom(): (size: number) => Uint8Array {
  let n = 0;
  return (size) => new Uint8Array(size).fill(++n);
}

let world: PhoneWorld;
let phone: AndroidPhoneToken;

beforeAll(async () => {
  world = await phoneWorld();
  phone = await provisioned(world, new AndroidPhoneToken({ id: "android-field", model: phoneModel("AQUOS sense8", "14"), random: countingRandom() }), "P0016");
});

afterEach(() => {
  phone.leaveField();
  vi.useRealTimers();
});

describe("a phone answers only while held in a reader's field", () => {
  it("out of the field it does not answer (6F00, counted) and power-on does not wake it", () => {
    expect(phone.isInField).toBe(false);
    const before = phone.commandsOutOfField;
    phone.powerOn();
    expect(send(phone, SELECT_JPKI).sw).toBe(StatusWord.UNKNOWN);
    expect(phone.commandsOutOfField).toBe(before + 1);
    phone.enterField();
    expect(send(phone, SELECT_JPKI).sw).toBe(StatusWord.OK);
    expect(phone.commandsOutOfField).toBe(before + 1);
  });

  it("answers as Type B with the card's ATQB data and a fresh PUPI per activation; its ATR is the PC/SC part 3 one", () => {
    phone.enterField();
    const first = phone.contactless;
    expect(first.type).toBe("B");
    expect(first.applicationData).toEqual(MY_NUMBER_CARD_ATQB.applicationData);
    expect(first.protocolInfo).toEqual(MY_NUMBER_CARD_ATQB.protocolInfo);
    phone.leaveField();
    phone.enterField();
    expect(toHex(phone.contactless.pupi)).not.toBe(toHex(first.pupi));
    const atr = phone.atr;
    expect(toHex(atr.subarray(0, 4))).toBe("3B888001");
    expect(atr.subarray(4, 8)).toEqual(MY_NUMBER_CARD_ATQB.applicationData);
    expect(atr.subarray(1).reduce((x, b) => x ^ b, 0)).toBe(0);
  });

  it("leaving the field powers it down: a VERIFY does not survive it", async () => {
    phone.enterField();
    const client = new JpkiClient(new InProcessTransceiver(phone));
    await client.selectApplication();
    await client.verify(JpkiFile.AUTH_PIN, "1234");
    await client.readAuthCertificate();
    phone.leaveField();
    phone.enterField();
    await client.selectApplication();
    await expect(client.readAuthCertificate()).rejects.toThrow(/6982/);
  });

  it("hold(ms) keeps it in the field for that long, then it leaves, and listeners hear both", async () => {
    vi.useFakeTimers();
    const seen: boolean[] = [];
    const stop = phone.onFieldChange((inField) => seen.push(inField));
    const hold = phone.hold(1500);
    expect(phone.isInField).toBe(true);
    vi.advanceTimersByTime(1499);
    expect(send(phone, SELECT_JPKI).sw).toBe(StatusWord.OK);
    vi.advanceTimersByTime(1);
    await hold.released;
    expect(phone.isInField).toBe(false);
    expect(send(phone, SELECT_JPKI).sw).toBe(StatusWord.UNKNOWN);
    expect(seen).toEqual([true, false]);
    stop();
    phone.hold(100).release();
    expect(seen).toEqual([true, false]);
    expect(phone.isInField).toBe(false);
  });
});
