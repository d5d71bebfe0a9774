import { X509Certificate, verify as verifySignature } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { toHex } from "../../sim/apdu/hex.ts";
import { type MyNumberCard } from "../../sim/cards/index.ts";
import { verifyCertificate } from "../../sim/pki/index.ts";
import { JpkiClient, sha256DigestInfo } from "../../sim/jpki/jpki-client.ts";
import { PcscContext } from "../../sim/transport/pcsc-context.ts";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";
import { describeHardware } from "../support/hardware-tier.ts";
import { pcscHosts } from "../support/pcsc-hosts.ts";

import { JpkiFile } from "../../sim/jpki/index.ts";
describeHardware("the emulated My Number Card read through the real pcscd", (status) => {
  const slot = status.freeSlots[0] ?? 0;
  const reader = status.vpcdReaders[slot] as string;
  const registry = freshCardRegistry();
  let card: MyNumberCard;
  let link: VpcdCardLink;
  let context: PcscContext;
  const hosts = pcscHosts(() => context, reader);
  const host = () => hosts.connect();

  beforeAll(async () => {
    card = await registry.card("P0001");
    context = await PcscContext.open();
    link = await VpcdCardLink.connect(card, { slot });
  });

  afterAll(async () => {
    await hosts.closeAll();
    await link?.close();
    context?.close();
  });

  test("SELECT JPKI, read the auth certificate in full, VERIFY, sign a SHA-256 DigestInfo: the signature verifies", async () => {
    const t = await host();
    expect(toHex(await t.atr())).toBe("3BE000FF8131FE4514");
    const client = new JpkiClient(t);
    await client.selectApplication();
    const der = await client.readAuthCertificate();
    expect(der).toEqual(card.authCertificate.der);
    const verdict = await verifyCertificate(await registry.authority(), "auth", der);
    expect(verdict.ok).toBe(true);
    expect(await client.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: true });
    const challenge = new TextEncoder().encode("qualification challenge 0001");
    const signature = await client.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(challenge));
    expect(verifySignature("sha256", challenge, new X509Certificate(der).publicKey, signature)).toBe(true);
  });

  test("reads the whole certificate with one extended READ BINARY through pcscd (T=1, extended APDUs)", async () => {
    const t = await host();
    const client = new JpkiClient(t);
    await client.selectApplication();
    await client.selectFile(JpkiFile.AUTH_CERT);
    expect(await client.readBinary(0, 4096)).toEqual(card.authCertificate.der);
  });

  test("a reset by another process between VERIFY and signing loses the login state (6982)", async () => {
    const a = await host();
    const b = await host();
    const client = new JpkiClient(a);
    await client.selectApplication();
    await client.verify(JpkiFile.AUTH_PIN, "1234");
    await b.reset();
    await a.reset().catch(() => undefined);
    await client.selectApplication();
    await expect(client.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(Uint8Array.of(1)))).rejects.toThrow(/6982/);
  });

  test("three wrong auth PINs block the card for good, across reset, removal and re-insertion", async () => {
    const victim = await registry.card("P0011");
    await link.close();
    await context.waitForRemoval(reader, { timeoutMs: 10_000 });
    link = await VpcdCardLink.connect(victim, { slot });
    let client = new JpkiClient(await host());
    await client.selectApplication();
    for (const [pin, left] of [["0000", 2], ["0001", 1], ["0002", 0]] as const) {
      expect(await client.verify(JpkiFile.AUTH_PIN, pin)).toMatchObject({ verified: false, triesLeft: left });
    }
    // Take the card out and put it back (the same card object: re-attach of the same persona).
    await link.remove();
    await context.waitForRemoval(reader, { timeoutMs: 10_000 });
    await link.insert();
    client = new JpkiClient(await host());
    await client.selectApplication();
    expect(await client.verify(JpkiFile.AUTH_PIN, "1234")).toEqual({ verified: false, triesLeft: 0, blocked: true });
    expect(await client.triesLeft(JpkiFile.AUTH_PIN)).toBe(0);
    // And across a fresh link to the same persona's card from the registry.
    await link.close();
    await context.waitForRemoval(reader, { timeoutMs: 10_000 });
    link = await VpcdCardLink.connect(await registry.card("P0011"), { slot });
    client = new JpkiClient(await host());
    await client.selectApplication();
    expect(await client.triesLeft(JpkiFile.AUTH_PIN)).toBe(0);
  });
});
