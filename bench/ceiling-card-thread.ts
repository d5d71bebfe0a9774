/**
 * The card thread of `bench apdu`'s ceiling section: puts our card or the echo card into vpcd on request, one at a
 * time. Our card is served as `myna-hil attach --device card` serves it (VpcdCardLink with its defaults: no
 * middleware, TCP_QUICKACK on). Both cards live in this one thread, away from the client's thread: the client's
 * synchronous SCardDisconnect must never block the thread that answers pcscd (it would deadlock), and neither card
 * gets a thread the other lacks.
 */
import { parentPort, workerData } from "node:worker_threads";
import { toHex } from "../sim/apdu/index.ts";
import { CardRegistry } from "../sim/cards/card-registry.ts";
import { quickAckUnavailableReason } from "../sim/transport/tcp-quick-ack.ts";
import { VpcdCardLink } from "../sim/transport/vpcd-card-link.ts";
import type { CeilingCardReady, CeilingCardThreadData, CeilingInsert, CeilingInserted, CeilingRemove, CeilingRemoved } from "./ceiling-card-messages.ts";
import { isMessage } from "./ceiling-card-messages.ts";
import { connectEchoCard, type EchoCard, loadSetSockopt } from "./echo-card.ts";
import { currentThreadId, threadCpuMs } from "./readpath/thread-cpu.ts";

const port = parentPort;
if (port === null) throw new Error("ceiling-card-thread.ts runs as a worker thread");
const { port: vpcdPort, persona } = (workerData as { data: CeilingCardThreadData }).data;

const fail = (error: unknown) => port.postMessage({ type: "failure", message: error instanceof Error ? error.message : String(error) });

try {
  const card = await new CardRegistry().card(persona);
  const setsockopt = await loadSetSockopt();
  let inserted: { close(): Promise<void>; apdus(): number } | undefined;
  const tid = currentThreadId();
  let cpuAtInsert: number | undefined;

  const insert = async (message: CeilingInsert): Promise<CeilingInserted> => {
    if (inserted) throw new Error("a card is already in the reader");
    cpuAtInsert = threadCpuMs(tid);
    if (message.card === "ours") {
      const link = await VpcdCardLink.connect(card, { port: vpcdPort });
      link.on("error", (e) => console.warn(`[ceiling card thread] ${e.message}`));
      inserted = { close: () => link.close(), apdus: () => link.stats.apdus };
      const reason = quickAckUnavailableReason();
      return { type: "inserted", card: "ours", quickAck: link.quickAck, ...(reason ? { reason } : {}) };
    }
    if (typeof setsockopt !== "function") throw new Error(setsockopt.unavailable);
    const echo: EchoCard = await connectEchoCard({ port: vpcdPort, atr: card.atr, setsockopt });
    inserted = echo;
    return { type: "inserted", card: "echo", quickAck: true };
  };

  const remove = async (): Promise<CeilingRemoved> => {
    const was = inserted;
    inserted = undefined;
    await was?.close();
    const cpu = threadCpuMs(tid);
    return { type: "removed", apdus: was?.apdus() ?? 0, ...(cpu !== undefined && cpuAtInsert !== undefined ? { cpuMs: cpu - cpuAtInsert } : {}) };
  };

  port.on("message", (message: unknown) => {
    if (isMessage<CeilingInsert>("insert")(message)) insert(message).then((m) => port.postMessage(m), fail);
    else if (isMessage<CeilingRemove>("remove")(message)) remove().then((m) => port.postMessage(m), fail);
  });
  const ready: CeilingCardReady = { type: "ready", atrHex: toHex(card.atr), ...(typeof setsockopt === "function" ? {} : { echoUnavailable: setsockopt.unavailable }) };
  port.postMessage(ready);
} catch (error) {
  fail(error);
}
