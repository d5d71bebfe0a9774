import { execFile } from "node:child_process";
import { constants, publicDecrypt, verify as verifySignature } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ApduDevice, toHex } from "../../sim/apdu/index.ts";
import { type MyNumberCard, resolveCredentials } from "../../sim/cards/index.ts";
import { sha256DigestInfo } from "../../sim/jpki/index.ts";
import { PcscContext } from "../../sim/transport/pcsc-context.ts";
import { VpcdCardLink } from "../../sim/transport/vpcd-card-link.ts";
import type { CardUnderTest } from "../jpki/clients/card-under-test.ts";
import { TranscriptChannel } from "../jpki/clients/transcript-channel.ts";
import type { TranscriptStep } from "../jpki/clients/transcript-step.ts";
import { jpkiMynaGoSteps } from "../jpki/transcripts/jpki-myna-go.ts";
import { jpkiMynaRustSteps } from "../jpki/transcripts/jpki-myna-rust.ts";
import { jpkiRsSteps } from "../jpki/transcripts/jpki-rs.ts";
import { jsapduSteps } from "../jpki/transcripts/jsapdu.ts";
import { mynaCardSteps } from "../jpki/transcripts/myna-card.ts";
import { freshCardRegistry } from "../support/card-fixtures.ts";
import { describeHardware } from "../support/hardware-tier.ts";
import { pcscHosts } from "../support/pcsc-hosts.ts";

const run = promisify(execFile);
const PKCS11_MODULE = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so";
const LOGOUT_CHECK_SOURCE = fileURLToPath(new URL("./pkcs11-logout-check.c", import.meta.url));

/** Runs an outside tool (asynchronously: the emulator answers in this process); its output whatever the exit code. */
async function tool(cmd: string, args: string[]): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { timeout: 30_000 });
    return { out: stdout + stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; code?: number | string };
    return { out: `${err.stdout ?? ""}${err.stderr ?? ""}`, code: typeof err.code === "number" ? err.code : -1 };
  }
}

/** The status words opensc-tool printed for each `-s` APDU, in order. */
function statusWords(out: string): string[] {
  return [...out.matchAll(/Received \(SW1=0x([0-9a-f]{2}), SW2=0x([0-9a-f]{2})\)/gi)].map((m) => `${m[1]}${m[2]}`.toUpperCase());
}

/** The card, recording every command that reaches it (to see what OpenSC sends on C_Logout). */
function recording(card: MyNumberCard, log: string[]): ApduDevice {
  return {
    description: card.description,
    atr: card.atr,
    ...(card.contactless ? { contactless: card.contactless } : {}),
    powerOn: () => card.powerOn(),
    powerOff: () => card.powerOff(),
    reset: () => card.reset(),
    process: (command) => {
      log.push(toHex(command));
      return card.process(command);
    },
  };
}

const CLIENTS: readonly (readonly [string, readonly TranscriptStep[]])[] = [
  ["jpki/myna Go", jpkiMynaGoSteps],
  ["jpki/myna Rust", jpkiMynaRustSteps],
  ["soltia48/myna-card", mynaCardSteps],
  ["siketyan/jpki-rs", jpkiRsSteps],
  ["AokiApp/jsapdu", jsapduSteps],
];

describeHardware("the public clients' APDU sequences and OpenSC's tools, through the real pcscd", (status) => {
  const slot = status.freeSlots[0] ?? 0;
  const reader = status.vpcdReaders[slot] as string;
  const registry = freshCardRegistry();
  const credentials = resolveCredentials();
  const sent: string[] = [];
  let cut: CardUnderTest;
  let link: VpcdCardLink;
  let context: PcscContext;
  const hosts = pcscHosts(() => context, reader);

  beforeAll(async () => {
    const card = await registry.card("P0001");
    cut = { card, credentials, apAuthority: await registry.apAuthority() };
    context = await PcscContext.open();
    link = await VpcdCardLink.connect(recording(card, sent), { slot });
    await context.waitForCard(reader, { timeoutMs: 10_000 });
  });

  afterAll(async () => {
    await hosts.closeAll();
    await link?.close();
    context?.close();
  });

  for (const [client, steps] of CLIENTS) {
    describe(`${client} (transcripts of test/jpki/transcripts, over the smartcard binding)`, () => {
      for (const step of steps) {
        test(step.name, async () => {
          const host = await hosts.connect();
          try {
            await step.run(new TranscriptChannel(host), cut, async () => {
              await host.reset();
            });
          } finally {
            await host.close().catch(() => undefined);
          }
        });
      }
    });
  }

  test("opensc-tool -s: GET CHALLENGE, GET DATA 5F51, READ BINARY by SFI, signing by SFI after VERIFY by SFI", async () => {
    const digestInfo = toHex(sha256DigestInfo(new TextEncoder().encode("opensc-tool")));
    const pin = toHex(new TextEncoder().encode(credentials.authPin));
    const r = await tool("opensc-tool", ["--reader", reader, "-s", "00A4040C0AD392F000260100000001", "-s", "0084000010", "-s", "00CA5F5100", "-s", "00B08A0004", "-s", `0020009804${pin}`, "-s", `802A009733${digestInfo}00`]);
    expect(statusWords(r.out)).toEqual(["9000", "9000", "9000", "9000", "9000", "9000"]);
    expect(r.out).toMatch(/E0 00 FF 81 31 FE 45 14/);
    expect(r.out).toMatch(/30 82 [0-9A-F]{2} [0-9A-F]{2}/);
  });

  test("pkcs15-tool --list-pins: both JPKI PINs with their tries left, read by OpenSC's empty VERIFY", async () => {
    const r = await tool("pkcs15-tool", ["--reader", reader, "--list-pins"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/User Authentication PIN[\s\S]*Tries left\s*:\s*3/);
    expect(r.out).toMatch(/Digital Signature PIN[\s\S]*Tries left\s*:\s*5/);
  });

  test("pkcs11-tool --login --pin … --sign with the auth key: the signature verifies against the card's certificate", async () => {
    const dir = await mkdtemp(join(tmpdir(), "myna-p11-"));
    await writeFile(join(dir, "in.bin"), "pkcs11-tool message");
    const r = await tool("pkcs11-tool", ["--module", PKCS11_MODULE, "--slot-index", "0", "--login", "--pin", credentials.authPin, "--sign", "--id", "01", "-m", "SHA256-RSA-PKCS", "--input-file", join(dir, "in.bin"), "--output-file", join(dir, "sig.bin")]);
    expect(r.code, r.out).toBe(0);
    const signature = await readFile(join(dir, "sig.bin"));
    expect(verifySignature("sha256", Buffer.from("pkcs11-tool message"), cut.card.authCertificate.publicKey, signature)).toBe(true);
  });

  test("C_Logout through OpenSC: the card drops the login exactly when the host re-selects the AP (or resets), as a real card does", async (ctx) => {
    const dir = await mkdtemp(join(tmpdir(), "myna-p11-"));
    const binary = join(dir, "pkcs11-logout-check");
    const built = await tool("cc", ["-I/usr/include/p11-kit-1", "-o", binary, LOGOUT_CHECK_SOURCE, "-ldl"]);
    if (built.code !== 0) ctx.skip(`no C compiler or PKCS#11 header to build the C_Logout helper: ${built.out.split("\n")[0]}`);
    sent.length = 0;
    const r = await tool(binary, [PKCS11_MODULE, credentials.authPin]);
    const result = (what: string) => new RegExp(`^${what.replace(/[()]/g, "\\$&")}: (0x[0-9a-f]+)$`, "m").exec(r.out)?.[1];
    expect(result("C_Login")).toBe("0x0");
    expect(result("C_Sign (logged in)")).toBe("0x0");
    expect(result("C_Logout")).toBe("0x0");
    // What reached the card between the first signature and the second one.
    const signIndexes = sent.flatMap((c, i) => (c.startsWith("802A") ? [i] : []));
    const between = sent.slice((signIndexes[0] ?? 0) + 1, signIndexes[1] ?? sent.length);
    const reselected = between.some((c) => c.startsWith("00A4040C0AD392F000260100000001") || c.startsWith("00A40400"));
    // OpenSC's jpki driver has no logout in the versions read (docs/domain/card-applications.md "SELECT MF, logout"):
    // its C_Logout then sends nothing, and the card, like a real one, still holds the login. A driver that logs out
    // by re-selecting the AP (OpenSC PR #2807 style) must see the signature refused: CKR_USER_NOT_LOGGED_IN (0x101).
    expect(result("C_Sign (after C_Logout)")).toBe(reselected ? "0x101" : "0x0");
    expect(result("C_Login (again)")).toBe("0x0");
    expect(result("C_Sign (logged in again)")).toBe("0x0");
  });

  test("logout by re-selecting the JPKI AP, through opensc-tool in one connection: signing answers 9000, then 6982", async () => {
    const digestInfo = toHex(sha256DigestInfo(new TextEncoder().encode("logout")));
    const pin = toHex(new TextEncoder().encode(credentials.authPin));
    const select = "00A4040C0AD392F000260100000001";
    const r = await tool("opensc-tool", ["--reader", reader, "-s", select, "-s", "00A4020C020018", "-s", `0020008004${pin}`, "-s", "00A4020C020017", "-s", `802A008033${digestInfo}00`, "-s", select, "-s", "00A4020C020017", "-s", `802A008033${digestInfo}00`, "-s", "00A4020C020018", "-s", "00200080"]);
    expect(statusWords(r.out)).toEqual(["9000", "9000", "9000", "9000", "9000", "9000", "9000", "6982", "9000", "63C3"]);
  });

  test("the same logout through the smartcard binding: VERIFY, re-SELECT, and the card's own sign refuses; the tries are untouched", async () => {
    const host = await hosts.connect();
    const t = new TranscriptChannel(host);
    const send = async (hex: string) => {
      const res = await t.transmit(Uint8Array.from(Buffer.from(hex, "hex")));
      return toHex(res.subarray(res.length - 2));
    };
    const pin = toHex(new TextEncoder().encode(credentials.authPin));
    const sign = `802A009733${toHex(sha256DigestInfo(Uint8Array.of(9)))}00`;
    expect(await send("00A4040C0AD392F000260100000001")).toBe("9000");
    expect(await send(`0020009804${pin}`)).toBe("9000");
    const ok = await t.transmit(Uint8Array.from(Buffer.from(sign, "hex")));
    expect(toHex(publicDecrypt({ key: cut.card.authCertificate.publicKey, padding: constants.RSA_PKCS1_PADDING }, ok.subarray(0, 256)))).toBe(toHex(sha256DigestInfo(Uint8Array.of(9))));
    expect(await send("00A4040C0AD392F000260100000001")).toBe("9000");
    expect(await send(sign)).toBe("6982");
    expect(await send("00200098")).toBe("63C3");
    await host.close();
  });
});
