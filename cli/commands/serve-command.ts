import type { Command } from "commander";
import { isIP } from "node:net";
import { fileURLToPath } from "node:url";
import { CertificateLinks } from "../../sim/onshi/certificate-links.ts";
import { linkBuiltInCards } from "../../sim/onshi/built-in-card-links.ts";
import { DataFileError } from "../../sim/onshi/data-file-error.ts";
import type { RunningOnshiServer } from "../../sim/onshi/onshi-server.ts";
import { startOnshiServer } from "../../sim/onshi/onshi-server.ts";
import type { CliContext } from "../cli-context.ts";
import { UsageError } from "../cli-error.ts";
import { parseNumberFlag } from "../parse-number-flag.ts";
import { parseOutputDirectory } from "../parse-output-path.ts";
import { untilStopped } from "../stop-signal.ts";

interface ServeFlags {
  port: string;
  host: string;
  data: string;
}

/** Where `serve onshi` keeps its journal, challenge key and test facilities unless `--data` says otherwise. */
const DEFAULT_DATA_DIR = fileURLToPath(new URL("../../.cache/onshi", import.meta.url));

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;


/**
 * `myna-hil serve onshi [--port N] [--data DIR] [--host H]`: the emulated online qualification service on a real HTTP
 * server until SIGINT/SIGTERM. Prints the URL, the test facilities' credentials and the admin token (test credentials
 * for local use, kept in DIR so that they and everything the service accepted survive a restart). A damaged DIR (a
 * journal line that is not an entry, an unreadable or empty `facilities.json`) exits 2 naming the file and line.
 * Internal errors (HTTP 500) are logged to stderr.
 */
export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command("serve")
    .description("run an emulated national service for outside software until Ctrl-C (today: onshi, the online qualification service)")
    .argument("<service>", "onshi")
    .option("--port <n>", "TCP port (0 = any free port)", "0")
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--data <dir>", "data directory: journal, challenge key, test facilities", DEFAULT_DATA_DIR)
    .action(async (service: string, flags: ServeFlags) => {
      if (service !== "onshi") throw new UsageError(`serve: unknown service ${JSON.stringify(service)} (available: onshi)`);
      const port = parseNumberFlag(flags.port, "--port", { min: 0, max: 65_535 });
      if (isIP(flags.host) === 0 && !HOST_NAME.test(flags.host)) throw new UsageError(`--host: ${JSON.stringify(flags.host)} is not an IP address or host name`);
      flags.data = await parseOutputDirectory(flags.data, "--data");
      const { io } = context;
      const links = CertificateLinks.shared();
      const linked = await linkBuiltInCards(links);
      let server: RunningOnshiServer;
      try {
        server = await startOnshiServer({
          port,
          host: flags.host,
          dataDir: flags.data,
          links,
          overrideGlobalObjects: true,
          onWarning: (m) => io.err(`warning: ${m}\n`),
          onInternalError: (line) => io.err(`${line}\n`),
        });
      } catch (e) {
        // A damaged data directory is bad input (exit 2), named by file and line, not an internal error.
        if (e instanceof DataFileError) throw new UsageError(`--data: ${e.message}`, { cause: e });
        const code = (e as NodeJS.ErrnoException).code;
        if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") throw new UsageError(`--port/--host: cannot listen on ${flags.host}:${port} (${code})`, { cause: e });
        throw e;
      }
      const rows = server.facilities.map((f) => `    ${f.medicalInstitutionCode}  ${f.secret}  ${f.name}`);
      io.out(
        [
          `onshi (online qualification service, emulated) listening on ${server.url}`,
          `  data: ${flags.data} (journal replayed: ${server.service.journalStats?.bytes ?? 0} bytes)`,
          `  built-in persona cards linked by public key: ${linked}`,
          "  test facilities (for local use; HTTP Basic <code>:<secret>):",
          "    code        secret                    name",
          ...rows,
          `  admin token (Bearer, /admin/*): ${server.service.adminToken}`,
          `  try: curl -s -X POST -u ${server.facilities[0]?.medicalInstitutionCode}:${server.facilities[0]?.secret} ${server.url}/challenges`,
          "  press Ctrl-C to stop",
          "",
        ].join("\n"),
      );
      const why = await untilStopped(context.signal);
      await server.close();
      const stats = server.service.journalStats;
      io.err(`onshi stopped (${why}); ${stats?.appends ?? 0} writes journaled in ${stats?.commits ?? 0} commits this run\n`);
    });
}
