import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

type Gc = () => void;

let gc: Gc | undefined;

/**
 * The V8 heap in use by the calling thread after a full collection, bytes: the live heap, not wherever the GC
 * sawtooth happened to be (what a soak needs). Exposes `gc` in the thread on first use (worker threads do not accept
 * `--expose-gc` in their execArgv); a full collection takes a few ms, so only the soak asks for it.
 */
export function collectedHeapUsed(): number {
  if (gc === undefined) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as Gc;
  }
  gc();
  return process.memoryUsage().heapUsed;
}
