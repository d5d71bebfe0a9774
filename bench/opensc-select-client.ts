import { execFile } from "node:child_process";
import { WrongAnswerError } from "./wrong-answer-error.ts";

/** `opensc-tool --version` runs: the tool is installed. Never rejects. */
export function hasOpenscTool(): Promise<boolean> {
  return new Promise((resolve) => execFile("opensc-tool", ["--version"], { timeout: 10_000 }, (error) => resolve(!error || typeof error.code === "number")));
}

/**
 * The ceiling section's second client: one `opensc-tool` process sending `apduHex` `count` times to the card in
 * `reader`, timed as a whole (process start-up and OpenSC's context set-up included). `-c default` forces OpenSC's
 * default driver: without it OpenSC probes the card with its jpki driver first, which sends our card ~25 more APDUs
 * than the echo card (whose `90 00` to everything ends the probe early), and the two cards would not get the same
 * commands. Resolves with the process's wall time in ms; rejects with {@link WrongAnswerError} unless every answer was
 * `90 00`.
 */
export function runOpenscSelects(reader: string, apduHex: string, count: number): Promise<number> {
  const args = ["--reader", reader, "-c", "default", ...Array.from({ length: count }, () => ["-s", apduHex]).flat()];
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile("opensc-tool", args, { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const ms = performance.now() - start;
      const words = [...stdout.matchAll(/Received \(SW1=0x([0-9a-f]{2}), SW2=0x([0-9a-f]{2})\)/gi)].map((m) => `${m[1]}${m[2]}`.toUpperCase());
      const wrong = words.filter((w) => w !== "9000");
      if (wrong.length > 0) reject(new WrongAnswerError(`opensc-tool: ${wrong.length} of ${count} answers were not 9000 (first: ${wrong[0]})`));
      else if (error || words.length !== count) reject(new Error(`opensc-tool printed ${words.length} of ${count} answers${error ? ` and failed (${error.message.split("\n")[0]})` : ""}: ${stderr.trim().split("\n").slice(-1)[0] ?? ""}`));
      else resolve(ms);
    });
  });
}
