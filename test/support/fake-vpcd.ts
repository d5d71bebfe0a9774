import { createServer, type AddressInfo, type Server, type Socket } from "node:net";
import { encodeVpcdFrame, VpcdFrameReader } from "../../sim/transport/vpcd-frame-reader.ts";

/**
 * A stand-in for vsmartcard's vpcd in tests: a loopback TCP server the card side connects to. It sends control codes
 * and APDUs as vpcd does and collects the replies, so the card link can be tested without pcscd.
 * Every wait is bounded by `timeoutMs`.
 */
export class FakeVpcd {
  private readonly server: Server;
  private client: Socket | undefined;
  private readonly replies: Uint8Array[] = [];
  private waiters: Array<() => void> = [];
  /** Connections accepted so far. */
  connections = 0;

  private constructor(server: Server) {
    this.server = server;
    server.on("connection", (socket) => {
      this.connections++;
      this.client?.destroy();
      this.client = socket;
      socket.setNoDelay(true);
      const reader = new VpcdFrameReader({ onFrame: (p) => this.replies.push(new Uint8Array(p)) });
      socket.on("data", (chunk) => {
        reader.push(chunk);
        this.wake();
      });
      socket.on("close", () => {
        if (this.client === socket) this.client = undefined;
        this.wake();
      });
      socket.on("error", () => undefined);
      this.wake();
    });
  }

  /** Listens on a loopback port (default: an ephemeral one). */
  static start(port = 0): Promise<FakeVpcd> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve(new FakeVpcd(server)));
    });
  }

  /** The port listened on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** True while a card side is connected. */
  get connected(): boolean {
    return this.client !== undefined;
  }

  /** Replies received and not yet taken. */
  get pendingReplies(): number {
    return this.replies.length;
  }

  /** Waits until a card side is connected. */
  waitForConnection(timeoutMs = 2000): Promise<void> {
    return this.waitUntil(() => this.client !== undefined, timeoutMs, "a card-side connection");
  }

  /** Waits until the card side has disconnected. */
  waitForDisconnect(timeoutMs = 2000): Promise<void> {
    return this.waitUntil(() => this.client === undefined, timeoutMs, "the card side to disconnect");
  }

  /** Sends raw bytes (for garbage and split frames). */
  sendRaw(bytes: Uint8Array): void {
    if (!this.client) throw new Error("no card side connected");
    this.client.write(bytes);
  }

  /** Sends one frame. */
  send(payload: Uint8Array): void {
    this.sendRaw(encodeVpcdFrame(payload));
  }

  /** Sends a control code (00 off, 01 on, 02 reset, 04 ATR). */
  control(code: number): void {
    this.send(Uint8Array.of(code));
  }

  /** Takes the next reply, waiting for it. */
  async nextReply(timeoutMs = 2000): Promise<Uint8Array> {
    await this.waitUntil(() => this.replies.length > 0, timeoutMs, "a reply");
    return this.replies.shift() as Uint8Array;
  }

  /** Sends a frame and waits for the reply. */
  async exchange(payload: Uint8Array, timeoutMs = 2000): Promise<Uint8Array> {
    this.send(payload);
    return this.nextReply(timeoutMs);
  }

  /** Asks for the ATR (control code 04). */
  getAtr(timeoutMs = 2000): Promise<Uint8Array> {
    return this.exchange(Uint8Array.of(0x04), timeoutMs);
  }

  /** Closes the connection from vpcd's side. */
  dropClient(): void {
    this.client?.destroy();
  }

  /** Stops the server and drops the client. */
  close(): Promise<void> {
    this.client?.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`fake vpcd: no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
