import { readFileSync } from "node:fs";

/** The `version` field of myna-hil's package.json, for `--version` and for stamping reports. */
export function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  const version = typeof manifest === "object" && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  return typeof version === "string" ? version : "0.0.0-unknown";
}
