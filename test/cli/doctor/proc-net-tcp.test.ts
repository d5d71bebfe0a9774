import { describe, expect, it } from "vitest";
import { isLoopbackAddress, isWildcardAddress, parseListeningSockets, parseTcpSockets, readTcpSockets, TcpState } from "../../../cli/doctor/proc-net-tcp.ts";
import { fixture, fixturesDir } from "./fixture-tree.ts";

describe("parseListeningSockets", () => {
  it("reads vpcd's two wildcard listeners from a real /proc/net/tcp", async () => {
    const sockets = parseListeningSockets(await fixture("proc-listening/net/tcp"), 4);
    expect(sockets).toEqual([
      { family: 4, address: "0.0.0.0", port: 35964 },
      { family: 4, address: "0.0.0.0", port: 35963 },
      { family: 4, address: "0.0.0.0", port: 2024 },
    ]);
  });

  it("keeps LISTEN (0A) sockets only and decodes little-endian IPv4", async () => {
    const sockets = parseListeningSockets(await fixture("proc-loopback/net/tcp"), 4);
    expect(sockets).toEqual([
      { family: 4, address: "127.0.0.1", port: 35963 },
      { family: 4, address: "0.0.0.0", port: 2024 },
    ]);
  });

  it("does not take a client's remote port 35963 for a listener", async () => {
    expect(parseListeningSockets(await fixture("proc-idle/net/tcp"), 4).map((s) => s.port)).toEqual([8080]);
  });

  it("decodes IPv6 words: ::1, ::, IPv4-mapped", () => {
    const header = "  sl  local_address                         remote_address                        st\n";
    const row = (hex: string, port: string) => `   0: ${hex}:${port} 00000000000000000000000000000000:0000 0A 00000000:00000000\n`;
    const text =
      header +
      row("00000000000000000000000001000000", "8C7B") +
      row("00000000000000000000000000000000", "8C7C") +
      row("0000000000000000FFFF00000100007F", "0050") +
      row("B80D0120000000000000000001000000", "0051");
    expect(parseListeningSockets(text, 6).map((s) => `${s.address} ${s.port}`)).toEqual([
      "::1 35963",
      ":: 35964",
      "::ffff:127.0.0.1 80",
      "2001:db8::1 81",
    ]);
  });

  it("ignores garbage and empty input", () => {
    expect(parseListeningSockets("", 4)).toEqual([]);
    expect(parseListeningSockets("header\n   0: nonsense 0A\n   1: 0100007F:XYZW 00000000:0000 0A\n", 4)).toEqual([]);
  });
});

describe("parseTcpSockets / readTcpSockets", () => {
  it("keeps every state, so an established connection to vpcd's port can be counted", async () => {
    expect(parseTcpSockets(await fixture("proc-loopback/net/tcp"), 4)).toEqual([
      { family: 4, address: "127.0.0.1", port: 35963, state: TcpState.listen },
      { family: 4, address: "0.0.0.0", port: 2024, state: TcpState.listen },
      { family: 4, address: "127.0.0.1", port: 35963, state: TcpState.established },
    ]);
  });

  it("reads net/tcp and net/tcp6 of a proc tree; a missing tree has no sockets", async () => {
    const sockets = await readTcpSockets(`${fixturesDir}proc-loopback`);
    expect(sockets.map((s) => `${s.family} ${s.address} ${s.port} ${s.state}`)).toEqual([
      "4 127.0.0.1 35963 0A",
      "4 0.0.0.0 2024 0A",
      "4 127.0.0.1 35963 01",
      "6 ::1 35964 0A",
    ]);
    expect(await readTcpSockets(`${fixturesDir}no-such-proc`)).toEqual([]);
  });
});

describe("address classes", () => {
  it("tells loopback from wildcard from other addresses", () => {
    expect(["127.0.0.1", "::1", "::ffff:127.0.0.1"].every(isLoopbackAddress)).toBe(true);
    expect(["0.0.0.0", "::"].every(isWildcardAddress)).toBe(true);
    expect(isLoopbackAddress("192.168.1.2") || isWildcardAddress("192.168.1.2")).toBe(false);
  });
});
