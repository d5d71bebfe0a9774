/**
 * A small `serve onshi` for child-process tests (kill -9 durability): the service on 127.0.0.1 with the data
 * directory given as the only argument, without the CLI's start-up (commander, every command module, built-in card
 * links). Its modules load at once; it opens the data directory and listens only when a line arrives on stdin, so a
 * test can spawn the next instance while the previous one still runs and have it take over right after a kill.
 * Prints one line, `{"url", "code", "secret"}` (the first facility), once listening; SIGTERM closes it (exit 0).
 * Run with `node --import tsx test/onshi/support/onshi-child.ts DIR`.
 */
import { once } from "node:events";
import { startOnshiServer } from "../../../sim/onshi/onshi-server.ts";

const dataDir = process.argv[2];
if (dataDir === undefined || dataDir === "") {
  process.stderr.write("usage: onshi-child.ts DATA_DIR (then a line on stdin to start)\n");
  process.exit(2);
}
await once(process.stdin, "data");
process.stdin.pause();
const server = await startOnshiServer({ dataDir, port: 0, host: "127.0.0.1", overrideGlobalObjects: true, onWarning: (m) => void process.stderr.write(`warning: ${m}\n`) });
const facility = server.facilities[0];
process.stdout.write(`${JSON.stringify({ url: server.url, code: facility?.medicalInstitutionCode ?? "", secret: facility?.secret ?? "" })}\n`);
process.once("SIGTERM", () => {
  void server.close().then(() => process.exit(0));
});
