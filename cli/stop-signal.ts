/**
 * Resolves with the reason when SIGINT or SIGTERM arrives, `q` is typed, or `signal` aborts. Keeps the process alive
 * meanwhile, even when no socket is open (a phone out of the field has no link to vpcd).
 */
export function untilStopped(signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const done = (why: string) => {
      clearInterval(keepAlive);
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(why);
    };
    const onInt = () => done("SIGINT");
    const onTerm = () => done("SIGTERM");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
    if (signal?.aborted) done("abort");
    signal?.addEventListener("abort", () => done("abort"), { once: true });
  });
}
