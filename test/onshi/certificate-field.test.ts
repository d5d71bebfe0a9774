import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CertificateCache } from "../../sim/onshi/certificate-cache.ts";
import { firstIssue, qualifyRequestSchema } from "../../sim/onshi/request-schemas.ts";
import { KeyStore } from "../../sim/pki/index.ts";
import { testAuthority } from "./support/onshi-fixture.ts";

const body = (certificate: unknown) => ({ deviceKind: "android", method: "pin", certificate, challengeId: "c", challenge: "AAAA", deviceSignature: "AAAA" });
const issueOf = (certificate: unknown): string | undefined => {
  const parsed = qualifyRequestSchema.safeParse(body(certificate));
  return parsed.success ? undefined : firstIssue(parsed.error).message;
};

describe("the certificate field (base64 checked only for texts its cache does not hold)", () => {
  it("answers a bad certificate the same way the first time and every time after", () => {
    const cases: [unknown, string][] = [
      ["***", "certificate: is not valid base64"],
      ["QUJD", "certificate: is not a DER X.509 certificate"],
      [Buffer.from("this is not a certificate at all").toString("base64"), "certificate: is not a DER X.509 certificate"],
      ["A".repeat(21_848), "certificate: must encode at most 16384 bytes"],
      ["*".repeat(30_000), "certificate: must encode at most 16384 bytes"],
      [42, "certificate: must be a base64 string"],
      [undefined, "certificate: is required"],
    ];
    for (let round = 0; round < 3; round++) for (const [certificate, message] of cases) expect(issueOf(certificate)).toBe(message);
  });

  it("parses a good certificate once and hands out the same parse again", async () => {
    const authority = await testAuthority();
    const { publicKey } = await KeyStore.shared().keyPair("persona:P0001:auth");
    const issued = await authority.issue({ kind: "auth", publicKey, notBefore: new Date(Date.UTC(2026, 0, 1)), notAfter: new Date(Date.UTC(2031, 0, 1)), holder: { name: "山田 太郎", birthDate: "1980-04-01", sex: "male", address: "東京都千代田区" } });
    const text = Buffer.from(issued.der).toString("base64");
    const first = qualifyRequestSchema.parse(body(text)).certificate;
    const again = qualifyRequestSchema.parse(body(text)).certificate;
    expect(again).toBe(first);
    expect(first.parsed.serialNumber.toLowerCase()).toContain(issued.serialNumber);
    expect(issueOf(`${text.slice(0, -4)}****`)).toBe("certificate: is not valid base64");
  });

  it("peek tells a held certificate, a held refusal and a text it does not hold apart, and counts as a use", async () => {
    const authority = await testAuthority();
    const ca = Buffer.from(authority.caCertificate("auth").der).toString("base64");
    const other = Buffer.from(authority.caCertificate("sign").der).toString("base64");
    const cache = new CertificateCache(2);
    expect(cache.peek("QUJD")).toBeUndefined();
    expect(cache.get("QUJD")).toBeUndefined();
    expect(cache.peek("QUJD")).toBeNull();
    expect(cache.peek(ca)).toBeUndefined();
    const parsed = cache.get(ca);
    expect(parsed?.parsed).toBeInstanceOf(X509Certificate);
    expect(cache.peek("QUJD")).toBeNull(); // now the most recently used …
    expect(cache.peek(ca)).toBe(parsed); // … until the certificate is peeked
    // Capacity 2: the least recently used goes first; peeking the certificate kept it, so the refusal goes.
    expect(cache.get(other)).toBeDefined();
    expect(cache.peek(ca)).toBe(parsed);
    expect(cache.peek("QUJD")).toBeUndefined();
  });
});
