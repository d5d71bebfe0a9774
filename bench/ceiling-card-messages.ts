/** The messages between `bench apdu`'s ceiling section and its card thread (bench/ceiling-card-thread.ts). */

/** Which card is in the reader: ours (VpcdCardLink serving a MyNumberCard) or the minimal echo card. */
export type CeilingCard = "ours" | "echo";

/** What the card thread is started with. */
export interface CeilingCardThreadData {
  /** vpcd port (slot 0 = 35963). */
  port: number;
  /** The persona whose card is ours. */
  persona: string;
}

/** The thread is ready: our card is built; `echoUnavailable` says why the echo card cannot run (no sockopt). */
export interface CeilingCardReady {
  type: "ready";
  atrHex: string;
  echoUnavailable?: string;
}

/** Asks the thread to put `card` into vpcd. */
export interface CeilingInsert {
  type: "insert";
  card: CeilingCard;
}

/** The card is connected to vpcd. `quickAck` says whether TCP_QUICKACK is re-armed after every read; `reason` why not. */
export interface CeilingInserted {
  type: "inserted";
  card: CeilingCard;
  quickAck: boolean;
  reason?: string;
}

/** Asks the thread to take the card out (close its socket). */
export interface CeilingRemove {
  type: "remove";
}

/** The card is out; `apdus` it answered while in, and the card thread's CPU time meanwhile (Linux; 10 ms resolution). */
export interface CeilingRemoved {
  type: "removed";
  apdus: number;
  cpuMs?: number;
}

/** A type guard for a message of the given `type`. */
export const isMessage =
  <T extends { type: string }>(type: T["type"]) =>
  (message: unknown): message is T =>
    typeof message === "object" && message !== null && (message as { type?: unknown }).type === type;
