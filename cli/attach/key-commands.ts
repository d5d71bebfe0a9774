/**
 * Single-key commands on a terminal (`t` tap, `b` biometric act, `q` quit) and the same as signals for scripts
 * (SIGUSR2 tap, SIGUSR1 biometric act). Returns the function that stops listening.
 */
export function listenForKeyCommands(handlers: { tap: () => void; biometric?: () => void; quit: () => void }): () => void {
  const onUsr1 = () => handlers.biometric?.();
  const onUsr2 = () => handlers.tap();
  process.on("SIGUSR1", onUsr1);
  process.on("SIGUSR2", onUsr2);
  const stdin = process.stdin;
  const interactive = stdin.isTTY === true;
  const onData = (data: Buffer) => {
    for (const ch of data.toString()) {
      if (ch === "t") handlers.tap();
      else if (ch === "b") handlers.biometric?.();
      else if (ch === "q" || ch === "\u0003") handlers.quit();
    }
  };
  if (interactive) {
    stdin.setRawMode(true);
    stdin.on("data", onData);
    stdin.resume();
  }
  return () => {
    process.off("SIGUSR1", onUsr1);
    process.off("SIGUSR2", onUsr2);
    if (interactive) {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
    }
  };
}
