import { describe, expect, it } from "vitest";
import { ExitCode, UsageError, VerdictFailure } from "../../cli/cli-error.ts";
import type { CommandRegistrar } from "../../cli/command-registrar.ts";
import { main } from "../../cli/main.ts";
import type { HostPort } from "../../cli/parse-host-port.ts";
import { DEFAULT_VPCD_ADDRESS, hostPortArgParser, parseHostPort } from "../../cli/parse-host-port.ts";
import { runCli } from "../../cli/run-cli.ts";
import { captureIo } from "./capture-io.ts";

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);

describe("main(): the command-line contract", () => {
  it("--help returns 0 and lists doctor on stdout", async () => {
    const io = captureIo();
    expect(await main(["--help"], io)).toBe(ExitCode.Ok);
    expect(io.stdout()).toContain("Usage: myna-hil");
    expect(io.stdout()).toMatch(/^\s+doctor\b/m);
    expect(io.stderr()).toBe("");
  });

  it("doctor --help returns 0 and documents --json", async () => {
    const io = captureIo();
    expect(await main(["doctor", "--help"], io)).toBe(0);
    expect(io.stdout()).toContain("--json");
  });

  it("--version returns 0 with package.json's version", async () => {
    const io = captureIo();
    expect(await main(["--version"], io)).toBe(0);
    expect(io.stdout().trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("an unknown flag returns 2 and names the flag", async () => {
    const io = captureIo();
    expect(await main(["doctor", "--frobnicate"], io)).toBe(ExitCode.Usage);
    expect(io.stderr()).toContain("--frobnicate");
    noStackTrace(io.stderr());
    expect(io.stdout()).toBe("");
  });

  it("an unknown top-level flag returns 2 and names it", async () => {
    const io = captureIo();
    expect(await main(["--no-such-flag"], io)).toBe(2);
    expect(io.stderr()).toContain("--no-such-flag");
  });

  it("an unknown command returns 2 and names it (commands not built yet do not exist)", async () => {
    for (const command of ["frobnicate", "teleport"]) {
      const io = captureIo();
      expect(await main([command], io)).toBe(2);
      expect(io.stderr()).toContain(`unknown command '${command}'`);
    }
  });

  it("attach without --device, or with a bad one, returns 2 naming the flag", async () => {
    const missing = captureIo();
    expect(await main(["attach"], missing)).toBe(2);
    expect(missing.stderr()).toContain("--device");
    const bad = captureIo();
    expect(await main(["attach", "--device", "toaster"], bad)).toBe(2);
    expect(bad.stderr()).toContain("--device: must be card, iphone or android");
    const badPin = captureIo();
    expect(await main(["attach", "--device", "card", "--auth-pin", "98765"], badPin)).toBe(2);
    expect(badPin.stderr()).toContain("--auth-pin");
    expect(badPin.stderr()).not.toContain("98765");
    const badVpcd = captureIo();
    expect(await main(["attach", "--device", "card", "--vpcd", "nowhere"], badVpcd)).toBe(2);
    expect(badVpcd.stderr()).toContain("--vpcd");
  });

  it("a stray argument returns 2", async () => {
    const io = captureIo();
    expect(await main(["doctor", "extra"], io)).toBe(2);
    expect(io.stderr()).toContain("too many arguments");
  });

  it("no command at all is bad usage (2), with the help on stderr", async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(2);
    expect(io.stderr()).toContain("Usage: myna-hil");
  });
});

describe("runCli(): how actions end", () => {
  const throwing = (error: unknown): CommandRegistrar => (program) => {
    program.command("boom").action(() => {
      throw error;
    });
  };

  it("UsageError → 2 with its message, no stack", async () => {
    const io = captureIo();
    expect(await runCli(["boom"], { io }, [throwing(new UsageError("--persona: unknown persona \"x\""))])).toBe(2);
    expect(io.stderr()).toBe('myna-hil: error: --persona: unknown persona "x"\n');
  });

  it("VerdictFailure → 1 with its message", async () => {
    const io = captureIo();
    expect(await runCli(["boom"], { io }, [throwing(new VerdictFailure("3 requirements failed"))])).toBe(1);
    expect(io.stderr()).toContain("3 requirements failed");
  });

  it("an unexpected error → 1, message without stack trace", async () => {
    const io = captureIo();
    expect(await runCli(["boom"], { io }, [throwing(new TypeError("x is undefined"))])).toBe(1);
    expect(io.stderr()).toContain("internal error: x is undefined");
    noStackTrace(io.stderr());
  });

  it("a HOST:PORT option rejects a bad value with 2, naming the flag; the default parses", async () => {
    let seen: HostPort | undefined;
    const attachLike: CommandRegistrar = (program) => {
      program
        .command("attach-like")
        .option("--vpcd <HOST:PORT>", "vpcd address", hostPortArgParser("--vpcd"), parseHostPort(DEFAULT_VPCD_ADDRESS, "--vpcd"))
        .action((options: { vpcd: HostPort }) => {
          seen = options.vpcd;
        });
    };
    const bad = captureIo();
    expect(await runCli(["attach-like", "--vpcd", "localhost:99999"], { io: bad }, [attachLike])).toBe(2);
    expect(bad.stderr()).toContain("--vpcd");
    expect(bad.stderr()).toContain("PORT must be 1-65535");

    expect(await runCli(["attach-like"], { io: captureIo() }, [attachLike])).toBe(0);
    expect(seen).toEqual({ host: "127.0.0.1", port: 35963 });
    expect(await runCli(["attach-like", "--vpcd", "[::1]:35964"], { io: captureIo() }, [attachLike])).toBe(0);
    expect(seen).toEqual({ host: "::1", port: 35964 });
  });
});
