import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../cli/cli-error.ts";
import { parseHostPort } from "../../cli/parse-host-port.ts";

describe("parseHostPort", () => {
  it.each([
    ["127.0.0.1:35963", "127.0.0.1", 35963],
    ["localhost:1", "localhost", 1],
    ["vpcd-host.lab.example:65535", "vpcd-host.lab.example", 65535],
    ["[::1]:35964", "::1", 35964],
    ["[2001:db8::7]:443", "2001:db8::7", 443],
  ])("accepts %s", (value, host, port) => {
    expect(parseHostPort(value, "--vpcd")).toEqual({ host, port });
  });

  it.each([
    ["35963", "missing :PORT"],
    [":35963", "missing HOST"],
    ["localhost:", "PORT must be a decimal number"],
    ["localhost:0", "PORT must be 1-65535"],
    ["localhost:65536", "PORT must be 1-65535"],
    ["localhost:0x8C7B", "PORT must be a decimal number"],
    ["localhost:35963 ", "PORT must be a decimal number"],
    ["::1:35963", "needs brackets"],
    ["[localhost]:35963", "not an IPv6 address"],
    ["bad_host!:35963", "not a valid host name"],
  ])("rejects %s (%s), naming the flag", (value, why) => {
    expect(() => parseHostPort(value, "--vpcd")).toThrow(UsageError);
    expect(() => parseHostPort(value, "--vpcd")).toThrow(new RegExp(`^--vpcd: .*${why.replace(/[()]/g, "\\$&")}`));
  });

  it("round-trips every IPv4 address and port", () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 1, max: 65535 }), (host, port) => {
        expect(parseHostPort(`${host}:${port}`, "--x")).toEqual({ host, port });
      }),
    );
  });

  it("never throws anything but a UsageError", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        try {
          parseHostPort(value, "--x");
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
      }),
    );
  });
});
