import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectEchoCard, type EchoCard, loadSetSockopt, type SetSockopt } from "../../bench/echo-card.ts";
import { fromHex, toHex } from "../../sim/apdu/hex.ts";
import { encodeVpcdFrame } from "../../sim/transport/vpcd-frame-reader.ts";
import { FakeVpcd } from "../support/fake-vpcd.ts";

const ATR = fromHex("3BE000FF8131FE4514");

let vpcd: FakeVpcd | undefined;
let card: EchoCard | undefined;

afterEach(async () => {
  await card?.close();
  await vpcd?.close();
  card = undefined;
  vpcd = undefined;
});

/** An echo card connected to a fake vpcd on 127.0.0.1, with a setsockopt that records its calls. */
async function start(): Promise<{ vpcd: FakeVpcd; card: EchoCard; calls: number[][] }> {
  const calls: number[][] = [];
  const setsockopt: SetSockopt = (_socket, level, option, value) => calls.push([level, option, value]);
  vpcd = await FakeVpcd.start();
  card = await connectEchoCard({ port: vpcd.port, atr: ATR, setsockopt });
  await vpcd.waitForConnection();
  return { vpcd, card, calls };
}

describe("the echo card (bench apdu's ceiling)", () => {
  it("answers get-ATR with the ATR, ignores power and reset, answers every APDU 9000", async () => {
    const { vpcd, card } = await start();
    vpcd.control(0x01);
    vpcd.control(0x02);
    expect(toHex(await vpcd.getAtr())).toBe(toHex(ATR));
    expect(toHex(await vpcd.exchange(fromHex("00A4040C0AD392F000260100000001")))).toBe("9000");
    expect(toHex(await vpcd.exchange(fromHex("00B0000004")))).toBe("9000");
    vpcd.control(0x00);
    expect(toHex(await vpcd.exchange(fromHex("8010")))).toBe("9000");
    expect(vpcd.pendingReplies).toBe(0);
    expect(card.apdus()).toBe(3);
  });

  it("parses frames packed into one write and split into single bytes", async () => {
    const { vpcd, card } = await start();
    const packed = [Uint8Array.of(0x04), fromHex("00A4040C02DF01"), Uint8Array.of(0x00), fromHex("00B0000004")].map(encodeVpcdFrame);
    vpcd.sendRaw(Uint8Array.from(packed.flatMap((f) => [...f])));
    expect(toHex(await vpcd.nextReply())).toBe(toHex(ATR));
    expect(toHex(await vpcd.nextReply())).toBe("9000");
    expect(toHex(await vpcd.nextReply())).toBe("9000");
    for (const b of encodeVpcdFrame(new Uint8Array(300).fill(0xab))) vpcd.sendRaw(Uint8Array.of(b));
    expect(toHex(await vpcd.nextReply())).toBe("9000");
    expect(card.apdus()).toBe(3);
  });

  it("re-arms TCP_QUICKACK (IPPROTO_TCP 6, option 12) after every read", async () => {
    const { vpcd, calls } = await start();
    for (let i = 0; i < 5; i++) await vpcd.exchange(fromHex("00B0000004"));
    expect(calls.length).toBeGreaterThanOrEqual(5); // at least one read per exchange
    expect(calls.every((c) => c.join() === "6,12,1")).toBe(true);
  });

  it("writes each answer as one frame in one write: 00 02 90 00", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const accepted = new Promise<Socket>((resolve) => server.once("connection", resolve));
    card = await connectEchoCard({ port: (server.address() as AddressInfo).port, atr: ATR, setsockopt: () => undefined });
    const socket = await accepted;
    const chunk = new Promise<Buffer>((resolve) => socket.once("data", resolve));
    socket.write(encodeVpcdFrame(fromHex("00A4040C0AD392F000260100000001")));
    expect(toHex(await chunk)).toBe("00029000");
    await card.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it("closing removes the card: vpcd sees the connection end", async () => {
    const { vpcd, card } = await start();
    await card.close();
    await vpcd.waitForDisconnect();
    expect(vpcd.connected).toBe(false);
  });

  it("rejects when nothing listens", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
    await expect(connectEchoCard({ port, atr: ATR, setsockopt: () => undefined })).rejects.toThrow(/ECONNREFUSED/);
  });

  it("loads sockopt, or says why it cannot", async () => {
    const loaded = await loadSetSockopt();
    if (typeof loaded === "function") expect(loaded.length).toBeGreaterThanOrEqual(0);
    else expect(loaded.unavailable).toMatch(/sockopt|Linux-only/);
  });
});
