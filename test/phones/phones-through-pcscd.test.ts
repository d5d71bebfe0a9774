import { X509Certificate, verify as verifySignature } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { JpkiFile } from "../../sim/jpki/index.ts";
import { verifyCertificate } from "../../sim/pki/index.ts";
import type { AndroidPhoneToken, IPhoneToken } from "../../sim/phones/index.ts";
import { JpkiClient, sha256DigestInfo } from "../../sim/jpki/jpki-client.ts";
import { PcscContext } from "../../sim/transport/pcsc-context.ts";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import { describeHardware } from "../support/hardware-tier.ts";
import { pcscHosts } from "../support/pcsc-hosts.ts";
import { androidPhone, iPhone, type PhoneWorld, phoneWorld, provisioned } from "./phone-fixtures.ts";

describeHardware("phone tokens read through the real pcscd", (status) => {
  const slot = status.freeSlots[0] ?? 0;
  const reader = status.vpcdReaders[slot] as string;
  let world: PhoneWorld;
  let android: AndroidPhoneToken;
  let iphone: IPhoneToken;
  let link: VpcdCardLink | undefined;
  let context: PcscContext;
  const hosts = pcscHosts(() => context, reader);
  const host = () => hosts.connect();

  /** Puts the phone in the field and into the vpcd slot (the slot stands in for the reader's field). */
  async function attach(phone: AndroidPhoneToken | IPhoneToken): Promise<void> {
    if (link) {
      await link.close();
      await context.waitForRemoval(reader, { timeoutMs: 10_000 });
    }
    phone.enterField();
    link = await VpcdCardLink.connect(phone, { slot });
  }

  beforeAll(async () => {
    // Real time: pcscd and the certificates share the wall clock.
    world = await phoneWorld(new Date());
    android = await provisioned(world, androidPhone("android-pcscd"), "P0001", { now: new Date(), phoneCredentials: { authPin: "2468" } });
    iphone = await provisioned(world, iPhone("iphone-pcscd"), "P0002", { now: new Date() });
    context = await PcscContext.open();
  });

  afterAll(async () => {
    await hosts.closeAll();
    await link?.close();
    context?.close();
  });

  test("Android: the auth certificate is refused before VERIFY, read after it with the phone's PIN; the signature verifies", async () => {
    await attach(android);
    const t = await host();
    expect(await t.atr()).toEqual(android.atr);
    const client = new JpkiClient(t);
    await client.selectApplication();
    await expect(client.readAuthCertificate()).rejects.toThrow(/6982/);
    expect(await client.verify(JpkiFile.AUTH_PIN, "2468")).toEqual({ verified: true });
    const der = await client.readAuthCertificate();
    expect(der).toEqual(android.certificates?.auth.der);
    expect(await verifyCertificate(world.authority, "auth", der)).toMatchObject({ ok: true });
    const challenge = new TextEncoder().encode("qualification challenge via pcscd");
    const signature = await client.sign(JpkiFile.AUTH_KEY, sha256DigestInfo(challenge));
    expect(verifySignature("sha256", challenge, new X509Certificate(der).publicKey, signature)).toBe(true);
  });

  test("iPhone: refused before the biometric act, read and signed after it", async () => {
    await attach(iphone);
    const client = new JpkiClient(await host());
    await client.selectApplication();
    await expect(client.readAuthCertificate()).rejects.toThrow(/6982/);
    expect(iphone.performBiometric("face").ok).toBe(true);
    const der = await client.readAuthCertificate();
    expect(der).toEqual(iphone.certificates?.auth.der);
    const challenge = new TextEncoder().encode("iphone challenge via pcscd");
    const signature = await client.signWithAuthKey(challenge);
    expect(verifySignature("sha256", challenge, new X509Certificate(der).publicKey, signature)).toBe(true);
  });

  test("a phone taken out of the field leaves pcscd's reader when the carrier follows its field", async () => {
    const current = link;
    if (!current) throw new Error("no link");
    const stop = iphone.onFieldChange((inField) => void (inField ? current.insert() : current.remove()));
    try {
      iphone.leaveField();
      await context.waitForRemoval(reader, { timeoutMs: 10_000 });
      iphone.enterField();
      const client = new JpkiClient(await host());
      await client.selectApplication();
      await client.readAuthCertificate();
    } finally {
      stop();
    }
  });
});
