import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { JpkiAuthority } from "../pki/jpki-authority.ts";
import type { FacilityCredentials } from "./facility-directory.ts";
import { generateTestFacilities } from "./facility-directory.ts";
import { createOnshiApp } from "./onshi-app.ts";
import { createOnshiListener } from "./onshi-listener.ts";
import { internalErrorsToStderr } from "./onshi-routes.ts";
import type { OnshiServiceOptions } from "./onshi-service.ts";
import { OnshiService } from "./onshi-service.ts";
import { loadOrCreateFacilities } from "./service-files.ts";

/** Options of {@link startOnshiServer}: where to listen, plus the service's options (authority and facilities default). */
export interface OnshiServerOptions extends Partial<OnshiServiceOptions> {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Address to listen on. Default 127.0.0.1 (the service is for local and lab use). */
  host?: string;
  /**
   * Let `@hono/node-server` replace the global Request/Response with its lightweight ones: about 20% less CPU per
   * request (measured here), but it changes those globals for the whole process — only for a process of its own
   * (`myna-hil serve onshi`). Default false.
   */
  overrideGlobalObjects?: boolean;
  /** Told about internal errors (HTTP 500), one line each, without headers or bodies. Default: stderr. */
  onInternalError?: (line: string) => void;
}

/** A running service. */
export interface RunningOnshiServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  service: OnshiService;
  /** The facilities and their test credentials. */
  facilities: readonly FacilityCredentials[];
  /** Stops accepting connections, ends open ones, waits for the journal, closes it. */
  close(): Promise<void>;
}

/**
 * Starts the online qualification service on a real HTTP server (node:http: the hot routes answered directly, every
 * other request through `@hono/node-server`), with the same fetch handler and route functions the msw tests use.
 * Facilities default to `facilities.json` of the data directory (created with test credentials on first start) or,
 * without a data directory, to fresh test credentials; the authority defaults to the test JPKI of the shared key cache
 * (the one cards and phones are issued by). A damaged or unusable data directory
 * (journal, `facilities.json`, `challenge.key`) is refused with a `DataFileError` naming the file (and line).
 */
export async function startOnshiServer(options: OnshiServerOptions = {}): Promise<RunningOnshiServer> {
  const dataDir = options.dataDir ?? null;
  const facilities = options.facilities ?? (dataDir !== null ? await loadOrCreateFacilities(dataDir, generateTestFacilities) : generateTestFacilities());
  const authority = options.authority ?? (await JpkiAuthority.create());
  const service = await OnshiService.open({ ...options, authority, facilities, dataDir });
  const onInternalError = options.onInternalError ?? internalErrorsToStderr;
  const app = createOnshiApp(service, { onInternalError });
  // The hot routes are answered straight from node:http, everything else by the app (the same route functions).
  const server = createServer(createOnshiListener(service, app.fetch, { overrideGlobalObjects: options.overrideGlobalObjects ?? false, onInternalError }));
  const host = options.host ?? "127.0.0.1";
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await service.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    service,
    facilities,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await service.close();
      })();
      return closing;
    },
  };
}
