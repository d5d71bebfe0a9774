import type { VpcdCardLink, VpcdCloseReason } from "../../sim/transport/vpcd-card-link.ts";

/** What {@link reinsertAfterPeerClose} needs to know and tells. */
export interface ReinsertOptions {
  /** Insert attempts after one loss (each already retries for its own bounded time). */
  readonly attempts: number;
  /** True once the command is stopping (Ctrl-C, SIGTERM, `q`): a normal stop, never a failure. */
  isStopping(): boolean;
  /** False while the device should be out anyway (a phone out of the field). */
  wantsIn(): boolean;
  /** The device is back in, after `attempt` attempts. */
  onReinserted(attempt: number): void;
  /** Every attempt failed while nobody was stopping: vpcd did not come back. */
  onGaveUp(): void;
}

/**
 * vpcd closes the link when pcscd restarts: put the device back, a bounded number of times. A stop that arrives while
 * re-inserting ends the attempts quietly (it is the user's normal stop, exit 0); only attempts that all fail with nobody
 * stopping give up. Returns the function that stops listening.
 */
export function reinsertAfterPeerClose(link: VpcdCardLink, options: ReinsertOptions): () => void {
  const onClosed = (reason: VpcdCloseReason): void => {
    if (reason !== "peer" || options.isStopping() || !options.wantsIn()) return;
    void (async () => {
      for (let attempt = 1; attempt <= options.attempts; attempt++) {
        if (options.isStopping() || !options.wantsIn()) return;
        try {
          await link.insert();
        } catch {
          // insert() already waited its own bounded time (or the link was closed by a stop); try again or end.
          continue;
        }
        if (options.isStopping()) return;
        if (link.inserted) options.onReinserted(attempt);
        return;
      }
      if (!options.isStopping()) options.onGaveUp();
    })();
  };
  link.on("closed", onClosed);
  return () => link.off("closed", onClosed);
}
