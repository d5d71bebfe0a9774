import { InvalidArgumentError } from "commander";
import { isIP } from "node:net";
import { UsageError } from "./cli-error.ts";

/** A parsed `HOST:PORT` flag value. `host` is an IPv4/IPv6 address (IPv6 without brackets) or a host name. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Where vpcd listens for slot 0 by default (docs/domain/pcsc-vpcd.md); the default of `attach --vpcd`. */
export const DEFAULT_VPCD_ADDRESS = "127.0.0.1:35963";

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Parses `HOST:PORT` (`127.0.0.1:35963`, `localhost:35964`, `[::1]:35963`) and throws a {@link UsageError}
 * naming `flag` when the value is malformed.
 *
 * @param value - the raw flag value
 * @param flag - the flag as the user typed it, e.g. `--vpcd`; it starts every error message
 */
export function parseHostPort(value: string, flag: string): HostPort {
  const fail = (why: string): never => {
    throw new UsageError(`${flag}: ${why}; expected HOST:PORT (e.g. ${DEFAULT_VPCD_ADDRESS} or [::1]:35963), got ${JSON.stringify(value)}`);
  };
  let host: string;
  let portText: string;
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(value);
  if (bracketed) {
    host = bracketed[1] ?? "";
    portText = bracketed[2] ?? "";
    if (isIP(host) !== 6) fail("the part in brackets is not an IPv6 address");
  } else {
    const colon = value.lastIndexOf(":");
    if (colon < 0) fail("missing :PORT");
    host = value.slice(0, colon);
    portText = value.slice(colon + 1);
    if (host.includes(":")) fail("an IPv6 address needs brackets");
    if (host === "") fail("missing HOST");
    if (isIP(host) === 0 && !HOST_NAME.test(host)) fail(`${JSON.stringify(host)} is not a valid host name or address`);
  }
  if (!/^\d{1,5}$/.test(portText)) fail("PORT must be a decimal number");
  const port = Number(portText);
  if (port < 1 || port > 65535) fail("PORT must be 1-65535");
  return { host, port };
}

/**
 * A commander `argParser` for a `HOST:PORT` option: `.option("--vpcd <HOST:PORT>", "…", hostPortArgParser("--vpcd"), parseHostPort(DEFAULT_VPCD_ADDRESS, "--vpcd"))`.
 * Commander reports the failure as `option '--vpcd <HOST:PORT>' argument '…' is invalid. …` and main() exits 2.
 */
export function hostPortArgParser(flag: string): (value: string) => HostPort {
  return (value) => {
    try {
      return parseHostPort(value, flag);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}
