/**
 * `@peculiar/x509`, ready to use: the reflect-metadata shim it needs is loaded first, its crypto provider is node's
 * WebCrypto, and its subjectAltName parser tolerates JPKI's otherName entries. Import x509 from here, never from
 * "@peculiar/x509" directly (a direct import throws "tsyringe requires a reflect polyfill" unless something loaded
 * this module first).
 */
import "./_internals/reflect-metadata-shim.ts";
import * as x509 from "@peculiar/x509";
import { webcrypto } from "node:crypto";

// x509 types the provider as the DOM `Crypto`; node's WebCrypto implements it.
x509.cryptoProvider.set(webcrypto);

/**
 * x509's GeneralName cannot represent otherName entries other than GUID/UPN and throws, which would make
 * `certificate.extensions` of every JPKI signing certificate throw. This variant leaves `names` empty instead;
 * read the JPKI entries with `readSigningIdentity`.
 */
class TolerantSubjectAlternativeNameExtension extends x509.SubjectAlternativeNameExtension {
  override onInit(asn: Parameters<x509.SubjectAlternativeNameExtension["onInit"]>[0]): void {
    try {
      super.onInit(asn);
    } catch {
      this.names = new x509.GeneralNames([]);
    }
  }
}
x509.ExtensionFactory.register("2.5.29.17", TolerantSubjectAlternativeNameExtension);

export { x509 };
