import { X509Certificate, verify as verifySignature } from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import { CommandApdu, ResponseApdu, StatusWord, verifyFailed } from "../../sim/apdu/index.ts";
import { issueKeyMaterial, MyNumberCard, type MyNumberCardMaterial, resolveCredentials } from "../../sim/cards/index.ts";
import { sha256DigestInfo } from "../../sim/jpki/jpki-client.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";

import { Aid, JpkiFile } from "../../sim/jpki/index.ts";
import { findPersona } from "../../sim/personas/index.ts";
/** The simple model: PIN values, tries left, which PINs are verified, which application is selected. */
interface Model {
  app: "jpki" | "other" | "none";
  pins: { auth: { value: string; tries: number; max: number }; sign: { value: string; tries: number; max: number } };
  verified: Set<"auth" | "sign">;
}

interface Real {
  card: MyNumberCard;
  authCert: X509Certificate;
  signCert: X509Certificate;
}

type Which = "auth" | "sign";
const PIN_FID = { auth: JpkiFile.AUTH_PIN, sign: JpkiFile.SIGN_PIN } as const;
const KEY_FID = { auth: JpkiFile.AUTH_KEY, sign: JpkiFile.SIGN_KEY } as const;

function tx(card: MyNumberCard, command: CommandApdu): ResponseApdu {
  return ResponseApdu.parse(card.process(command.encode()));
}
const selectAid = (aid: Uint8Array) => CommandApdu.of({ cla: 0, ins: 0xa4, p1: 4, p2: 0x0c, data: aid });
const selectEf = (fid: number) => CommandApdu.of({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: Uint8Array.of(fid >> 8, fid & 0xff) });
const ascii = (s: string) => new TextEncoder().encode(s);

/** SELECT EF: succeeds only inside the JPKI AP. */
function selectInJpki(m: Model, r: Real, fid: number): boolean {
  const sw = tx(r.card, selectEf(fid)).sw;
  expect(sw).toBe(m.app === "jpki" ? 0x9000 : StatusWord.FILE_NOT_FOUND);
  return m.app === "jpki";
}

class SelectCommand implements fc.Command<Model, Real> {
  constructor(readonly target: "jpki" | "other") {}
  check = () => true;
  run(m: Model, r: Real): void {
    expect(tx(r.card, selectAid(this.target === "jpki" ? Aid.JPKI : Aid.CARD_INFO)).sw).toBe(0x9000);
    // Every SELECT of an application drops the login, the same one included: host software logs out by re-selecting
    // (OpenSC PR #2807 "Implemented logout for some card drivers" does it that way; docs/domain/card-apdus.md "Security
    // status"), and no public source reports a JPKI card keeping the login. This model used to keep it when the same
    // application was selected again, a modelled answer with no source.
    m.verified.clear();
    m.app = this.target;
  }
  toString = () => `select(${this.target})`;
}

class ResetCommand implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    r.card.reset();
    m.app = "none";
    m.verified.clear();
  }
  toString = () => "reset";
}

class VerifyCommand implements fc.Command<Model, Real> {
  constructor(readonly which: Which, readonly correct: boolean, readonly wrongValue: string) {}
  check = () => true;
  run(m: Model, r: Real): void {
    if (!selectInJpki(m, r, PIN_FID[this.which])) return;
    const pin = m.pins[this.which];
    const candidate = this.correct ? pin.value : this.wrongValue === pin.value ? `${pin.value}X` : this.wrongValue;
    const sw = tx(r.card, CommandApdu.of({ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: ascii(candidate) })).sw;
    if (pin.tries === 0) {
      expect(sw).toBe(StatusWord.REFERENCE_DATA_NOT_USABLE);
      m.verified.delete(this.which);
    } else if (this.correct) {
      expect(sw).toBe(0x9000);
      pin.tries = pin.max;
      m.verified.add(this.which);
    } else {
      pin.tries -= 1;
      expect(sw).toBe(verifyFailed(pin.tries));
      m.verified.delete(this.which);
    }
  }
  toString = () => `verify(${this.which}, ${this.correct ? "correct" : "wrong"})`;
}

class CounterCommand implements fc.Command<Model, Real> {
  constructor(readonly which: Which) {}
  check = () => true;
  run(m: Model, r: Real): void {
    if (!selectInJpki(m, r, PIN_FID[this.which])) return;
    expect(tx(r.card, CommandApdu.of({ cla: 0, ins: 0x20, p1: 0, p2: 0x80 })).sw).toBe(verifyFailed(m.pins[this.which].tries));
  }
  toString = () => `counter(${this.which})`;
}

class ChangeCommand implements fc.Command<Model, Real> {
  constructor(readonly which: Which, readonly newValue: string) {}
  check = () => true;
  run(m: Model, r: Real): void {
    if (!selectInJpki(m, r, PIN_FID[this.which])) return;
    const pin = m.pins[this.which];
    const sw = tx(r.card, CommandApdu.of({ cla: 0, ins: 0x24, p1: 1, p2: 0x80, data: ascii(this.newValue) })).sw;
    if (pin.tries === 0) expect(sw).toBe(StatusWord.REFERENCE_DATA_NOT_USABLE);
    else if (!m.verified.has(this.which)) expect(sw).toBe(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
    else {
      expect(sw).toBe(0x9000);
      pin.value = this.newValue;
      pin.tries = pin.max;
    }
  }
  toString = () => `change(${this.which})`;
}

class SignCommand implements fc.Command<Model, Real> {
  constructor(readonly which: Which, readonly message: Uint8Array) {}
  check = () => true;
  run(m: Model, r: Real): void {
    if (!selectInJpki(m, r, KEY_FID[this.which])) return;
    const res = tx(r.card, CommandApdu.of({ cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: sha256DigestInfo(this.message), ne: 256 }));
    if (m.verified.has(this.which)) {
      expect(res.sw).toBe(0x9000);
      const cert = this.which === "auth" ? r.authCert : r.signCert;
      expect(verifySignature("sha256", this.message, cert.publicKey, res.data)).toBe(true);
    } else {
      expect(res.sw).toBe(StatusWord.SECURITY_STATUS_NOT_SATISFIED);
    }
  }
  toString = () => `sign(${this.which})`;
}

const which = fc.constantFrom<Which>("auth", "sign");
const selectJpki = fc.constant(new SelectCommand("jpki"));
const verify = (correct: boolean) => fc.tuple(which, fc.stringMatching(/^[0-9]{4}$/)).map(([w, v]) => new VerifyCommand(w, correct, v));
const sign = fc.tuple(which, fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([w, msg]) => new SignCommand(w, msg));
// Repeated entries weight the draw towards the interesting paths (select JPKI, verify, sign).
const commands = [
  selectJpki,
  selectJpki,
  fc.constant(new SelectCommand("other")),
  fc.constant(new ResetCommand()),
  verify(true),
  verify(false),
  verify(false),
  which.map((w) => new CounterCommand(w)),
  fc.oneof(
    fc.stringMatching(/^[0-9]{4}$/).map((v) => new ChangeCommand("auth", v)),
    fc.stringMatching(/^[A-Z0-9]{6,16}$/).map((v) => new ChangeCommand("sign", v)),
  ),
  sign,
  sign,
];

let keys: MyNumberCardMaterial;
beforeAll(async () => {
  const registry = freshCardRegistry();
  keys = await issueKeyMaterial(findPersona("P0013"), { authority: await registry.authority() });
});

describe("model-based: SELECT / VERIFY / CHANGE REFERENCE DATA / reset / sign against a PIN-counter model", () => {
  test.prop([fc.commands(commands, { maxCommands: 30 })], { numRuns: 1000 })("finds no divergence", (cmds) => {
    const credentials = resolveCredentials();
    const card = new MyNumberCard(findPersona("P0013"), keys, credentials);
    card.powerOn();
    const model: Model = {
      app: "none",
      pins: {
        auth: { value: credentials.authPin, tries: 3, max: 3 },
        sign: { value: credentials.signPassword, tries: 5, max: 5 },
      },
      verified: new Set(),
    };
    const signCertificate = keys.signCertificate;
    if (!signCertificate) throw new Error("P0013 is an adult: the card must carry a signing certificate");
    const real: Real = { card, authCert: new X509Certificate(keys.authCertificate.der), signCert: new X509Certificate(signCertificate.der) };
    fc.modelRun(() => ({ model, real }), cmds);
  });
});
