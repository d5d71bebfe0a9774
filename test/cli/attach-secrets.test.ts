import { fc, test as fcTest } from "@fast-check/vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, test } from "vitest";
import { JpkiFile } from "../../sim/jpki/index.ts";
import { JpkiClient } from "../../sim/jpki/jpki-client.ts";
import { main } from "../../cli/main.ts";
import { fakeVpcdChannel } from "../support/fake-vpcd-channel.ts";
import { type AttachSession, startAttach } from "./attach-harness.ts";
import { captureIo } from "./capture-io.ts";
import { runBounded } from "./run-bounded.ts";

const dir = mkdtempSync(join(tmpdir(), "myna-secrets-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text, { mode: 0o600 });
  return path;
}

/** The card answers the auth PIN `pin` and refuses 1234: the secret reached the card, wherever it came from. */
async function expectAuthPin(s: AttachSession, pin: string): Promise<void> {
  expect(s.io.stderr()).toContain("press Ctrl-C");
  const client = new JpkiClient(fakeVpcdChannel(s.vpcd));
  await client.selectApplication();
  expect(await client.verify(JpkiFile.AUTH_PIN, pin)).toEqual({ verified: true });
  expect(await client.verify(JpkiFile.AUTH_PIN, "1234")).toMatchObject({ verified: false });
  expect(await s.stop()).toBe(0);
  expect(s.io.stderr()).not.toContain(pin);
}

describe("attach takes its secrets from a file, the environment or standard input, not only the command line", () => {
  test("--auth-pin-file", async () => {
    await expectAuthPin(await startAttach(["--device", "card", "--persona", "P0013", "--auth-pin-file", file("pin", "8642\n")]), "8642");
  });

  test("MYNA_HIL_AUTH_PIN", async () => {
    await expectAuthPin(await startAttach(["--device", "card", "--persona", "P0014"], { env: { MYNA_HIL_AUTH_PIN: "7531" } }), "7531");
  });

  test("--secrets-stdin: name=value lines, comments and blank lines ignored", async () => {
    const stdin = Readable.from(["# test secrets\n", "\n", "auth-pin=9753\r\n", "sign-password=SECRET42\n"]);
    await expectAuthPin(await startAttach(["--device", "card", "--persona", "P0015", "--secrets-stdin"], { stdin }), "9753");
  });

  test("--sign-password-file reaches the card's signing password", async () => {
    const s = await startAttach(["--device", "card", "--persona", "P0017", "--sign-password-file", file("sign", "ZXCV5678")]);
    const client = new JpkiClient(fakeVpcdChannel(s.vpcd));
    await client.selectApplication();
    expect(await client.verify(JpkiFile.SIGN_PIN, "ZXCV5678")).toEqual({ verified: true });
    expect(await s.stop()).toBe(0);
  });

  test("--help says where secrets can come from", async () => {
    const io = captureIo();
    expect(await main(["attach", "--help"], io)).toBe(0);
    for (const word of ["--auth-pin-file", "--sign-password-file", "--secrets-stdin", "MYNA_HIL_AUTH_PIN", "MYNA_HIL_SIGN_PASSWORD"]) expect(io.stdout()).toContain(word);
  });
});

describe("secret sources refuse bad input with exit 2 naming the source, never the value", () => {
  test.each([
    ["two sources for one secret", ["--auth-pin", "2468", "--auth-pin-file", join(dir, "pin")], {}, /--auth-pin.*--auth-pin-file|--auth-pin-file.*--auth-pin/],
    ["a missing file", ["--auth-pin-file", join(dir, "nope")], {}, /--auth-pin-file/],
    ["a folder as the file", ["--auth-pin-file", dir], {}, /--auth-pin-file/],
    ["an empty file", ["--auth-pin-file", file("empty", "")], {}, /--auth-pin-file/],
    ["a bad PIN in the environment", [], { env: { MYNA_HIL_AUTH_PIN: "98765" } }, /MYNA_HIL_AUTH_PIN/],
    ["a bad password in the environment", [], { env: { MYNA_HIL_SIGN_PASSWORD: "lower98765" } }, /MYNA_HIL_SIGN_PASSWORD/],
    ["an unknown name on stdin", ["--secrets-stdin"], { stdin: Readable.from(["pin=98765\n"]) }, /--secrets-stdin: line 1/],
    ["a line without = on stdin", ["--secrets-stdin"], { stdin: Readable.from(["98765\n"]) }, /--secrets-stdin: line 1/],
    ["a bad PIN on stdin", ["--secrets-stdin"], { stdin: Readable.from(["auth-pin=98765\n"]) }, /--secrets-stdin: auth-pin/],
    ["a name twice on stdin", ["--secrets-stdin"], { stdin: Readable.from(["auth-pin=1111\nauth-pin=98765\n"]) }, /--secrets-stdin: line 2/],
  ] as const)("%s", async (_name, args, context, message) => {
    const { code, stderr } = await runBounded(["attach", "--vpcd", "127.0.0.1:1", "--device", "card", ...args], 10_000, context);
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain("98765");
    expect(code).toBe(2);
  });

  fcTest.prop([fc.stringMatching(/^[0-9]{5,12}$/), fc.constantFrom("flag", "file", "env", "stdin")], { numRuns: 24 })(
    "a PIN that is not 4 digits is never echoed, from any source",
    async (pin, source) => {
      const pinFile = file(`pin-${source}`, `${pin}\n`);
      const argv = source === "flag" ? ["--auth-pin", pin] : source === "file" ? ["--auth-pin-file", pinFile] : source === "stdin" ? ["--secrets-stdin"] : [];
      const context = source === "env" ? { env: { MYNA_HIL_AUTH_PIN: pin } } : source === "stdin" ? { stdin: Readable.from([`auth-pin=${pin}\n`]) } : {};
      const { code, stderr, stdout } = await runBounded(["attach", "--vpcd", "127.0.0.1:1", "--device", "card", ...argv], 10_000, context);
      expect(code).toBe(2);
      expect(stderr + stdout).not.toContain(pin);
    },
  );
});
