import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import { EchoDevice } from "../support/echo-device.ts";
import { FakeVpcd } from "../support/fake-vpcd.ts";

let vpcd: FakeVpcd;
let link: VpcdCardLink | undefined;

beforeEach(async () => {
  vpcd = await FakeVpcd.start();
});

afterEach(async () => {
  await link?.close();
  link = undefined;
  await vpcd.close();
});

async function removedLink(): Promise<VpcdCardLink> {
  const l = await VpcdCardLink.connect(new EchoDevice(), { port: vpcd.port, quickAck: false });
  l.on("error", () => undefined);
  link = l;
  await vpcd.waitForConnection();
  await l.remove();
  await vpcd.waitForDisconnect();
  return l;
}

const settle = () => new Promise((r) => setTimeout(r, 200));

describe("VpcdCardLink: the last of insert/remove wins, awaited or not", () => {
  test("remove() while an insert is pending leaves the card out", async () => {
    const l = await removedLink();
    // A phone entering and leaving the field at once: attach fires both without awaiting.
    const insert = l.insert();
    const remove = l.remove();
    await Promise.allSettled([insert, remove]);
    await settle();
    expect(l.inserted).toBe(false);
    expect(vpcd.connected).toBe(false);
  });

  test("insert, remove, insert (none awaited) ends inserted", async () => {
    const l = await removedLink();
    const calls = [l.insert(), l.remove(), l.insert()];
    await Promise.allSettled(calls);
    await settle();
    expect(l.inserted).toBe(true);
    expect(vpcd.connected).toBe(true);
  });

  test("remove, insert, remove on an inserted card (none awaited) ends removed", async () => {
    const l = await removedLink();
    await l.insert();
    await vpcd.waitForConnection();
    const calls = [l.remove(), l.insert(), l.remove()];
    await Promise.allSettled(calls);
    await settle();
    expect(l.inserted).toBe(false);
    expect(vpcd.connected).toBe(false);
  });

  test("a remove while vpcd is not listening yet stops the insert's retries at once", async () => {
    const l = await removedLink();
    await vpcd.close();
    const started = Date.now();
    const insert = l.insert();
    await new Promise((r) => setTimeout(r, 150));
    await l.remove();
    await insert.catch(() => undefined);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(l.inserted).toBe(false);
    vpcd = await FakeVpcd.start();
  });
});
