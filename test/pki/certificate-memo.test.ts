import { describe, expect, it } from "vitest";
import { issueMyNumberCard } from "../../sim/cards/card-issuer.ts";
import { findPersona } from "../../sim/personas/index.ts";
import { BoundedMemo } from "../../sim/pki/_internals/certificate-memo.ts";
import { JpkiAuthority, KeyStore, verifyCertificate } from "../../sim/pki/index.ts";

const REFERENCE = new Date("2026-04-01T09:00:00Z");

/** The process-wide memo of deterministic certificates (sim/pki/_internals/certificate-memo.ts). */
describe("remembered certificates", () => {
  it("a second world on the same keys gets equal certificates, as copies its changes cannot reach", async () => {
    const keyStore = KeyStore.shared();
    const persona = findPersona("P0003");
    const first = await JpkiAuthority.create({ keyStore, revocationLog: null });
    const cardA = await issueMyNumberCard(persona, { authority: first, keyStore, now: REFERENCE });
    const second = await JpkiAuthority.create({ keyStore, revocationLog: null });
    const cardB = await issueMyNumberCard(persona, { authority: second, keyStore, now: REFERENCE });
    expect(Buffer.from(cardB.authCertificate.der).equals(Buffer.from(cardA.authCertificate.der))).toBe(true);
    const kept = Buffer.from(cardA.authCertificate.der);
    cardA.authCertificate.der[10] = (cardA.authCertificate.der[10] ?? 0) ^ 0xff; // a test corrupting its certificate
    cardA.authCertificate.notAfter.setTime(0);
    const third = await JpkiAuthority.create({ keyStore, revocationLog: null });
    const cardC = await issueMyNumberCard(persona, { authority: third, keyStore, now: REFERENCE });
    expect(Buffer.from(cardC.authCertificate.der).equals(kept)).toBe(true);
    expect(cardC.authCertificate.notAfter.getTime()).toBeGreaterThan(REFERENCE.getTime());
    expect(await verifyCertificate(third, "auth", cardC.authCertificate.der, { at: REFERENCE })).toMatchObject({ ok: true });
    // What each authority remembers stays its own: a revocation in one is not one in another (no shared log here).
    second.revoke("auth", cardB.authCertificate.serialNumber, { reason: "keyCompromise" });
    expect(second.isRevoked("auth", cardB.authCertificate.serialNumber)).toBe(true);
    expect(third.isRevoked("auth", cardC.authCertificate.serialNumber)).toBe(false);
  });

  it("keeps at most its limit (oldest out first) and forgets a failed make", async () => {
    const memo = new BoundedMemo<number>(2);
    let made = 0;
    const make = (v: number) => () => Promise.resolve((made++, v));
    expect(await memo.get("a", make(1))).toBe(1);
    expect(await memo.get("a", make(9))).toBe(1);
    await memo.get("b", make(2));
    await memo.get("c", make(3));
    expect(memo.size).toBe(2);
    expect(await memo.get("a", make(4))).toBe(4); // "a" was the oldest
    expect(made).toBe(4);
    await expect(memo.get("x", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await memo.get("x", make(5))).toBe(5);
  });
});
