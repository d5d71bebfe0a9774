import type { Worker } from "node:worker_threads";
import { nextMessage, spawnTsWorker } from "./readpath/spawn-worker.ts";
import { type CeilingCard, type CeilingCardReady, type CeilingCardThreadData, type CeilingInserted, type CeilingRemoved, isMessage } from "./ceiling-card-messages.ts";

/** The card thread of the ceiling section (bench/ceiling-card-thread.ts), seen from the bench's thread. */
export class CeilingCardHandle {
  private constructor(
    private readonly worker: Worker,
    /** What the thread said when it was ready (our card's ATR; why the echo card cannot run, if it cannot). */
    readonly ready: CeilingCardReady,
  ) {}

  /** Starts the thread and waits until our card is built (the first run may generate the test JPKI's keys). */
  static async start(data: CeilingCardThreadData): Promise<CeilingCardHandle> {
    const worker = spawnTsWorker(new URL("./ceiling-card-thread.ts", import.meta.url), data, { name: "ceiling-card" });
    try {
      return new CeilingCardHandle(worker, await nextMessage(worker, isMessage<CeilingCardReady>("ready"), 120_000, "ceiling card thread"));
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  }

  /** Puts `card` into vpcd; resolves once it is connected (pcscd may not have seen it yet). */
  insert(card: CeilingCard): Promise<CeilingInserted> {
    const answer = nextMessage(this.worker, isMessage<CeilingInserted>("inserted"), 15_000, `inserting the ${card} card`);
    this.worker.postMessage({ type: "insert", card });
    return answer;
  }

  /** Takes the card out (closes its socket); resolves with the APDUs it answered. */
  remove(): Promise<CeilingRemoved> {
    const answer = nextMessage(this.worker, isMessage<CeilingRemoved>("removed"), 15_000, "removing the card");
    this.worker.postMessage({ type: "remove" });
    return answer;
  }

  /** Ends the thread (any card still in is removed with it). */
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
