/**
 * The exact commands the doctor prints as fixes (Debian/Ubuntu, as root; prefix `sudo` otherwise).
 * Kept in one place so `.ci/run`, the README and the doctor say the same thing.
 */
export const FixCommand = {
  installPcscd: "apt-get install -y pcscd",
  installVpcd: "apt-get install -y vsmartcard-vpcd",
  /**
   * Foreground pcscd without systemd. Not `-x`/`--auto-exit` (it would quit after 60 s idle) and not `-a`/`--apdu`
   * (that logs every APDU, PIN VERIFY bytes included).
   */
  startPcscd: "pcscd --foreground >/tmp/pcscd.log 2>&1 &",
  restartPcscd: "kill $(cat /run/pcscd/pcscd.pid) && sleep 1 && pcscd --foreground >/tmp/pcscd.log 2>&1 &",
  removeStaleSocket: "rm -f /run/pcscd/pcscd.comm /run/pcscd/pcscd.pid",
  /** npm 11 runs smartcard's node-gyp build only because package.json's `allowScripts` approves it. */
  buildSmartcard: "apt-get install -y libpcsclite-dev build-essential python3 pkg-config && npm ci",
  buildSockopt: "apt-get install -y build-essential python3 && npm ci",
  installNode: "install Node.js >= 20.19 (e.g. `nvm install 20` or https://nodejs.org/en/download)",
  firewallVpcd: (port: number) => `iptables -I INPUT -p tcp --dport ${port}:${port + 1} ! -i lo -j DROP`,
} as const;
