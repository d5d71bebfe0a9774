import { getRequestListener } from "@hono/node-server";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Facility } from "./facility-directory.ts";
import type { OnshiService } from "./onshi-service.ts";
import { authenticateFacility, challengeRoute, errorAnswer, MAX_BODY_BYTES, qualificationRoute, RouteAnswer } from "./onshi-routes.ts";

/** Options of {@link createOnshiListener}. */
export interface OnshiListenerOptions {
  /** Passed to `@hono/node-server` for every other request (see `OnshiServerOptions.overrideGlobalObjects`). */
  overrideGlobalObjects: boolean;
  /** Told about internal errors (HTTP 500), one line each; the hono app's own `onInternalError`. */
  onInternalError: (line: string) => void;
}

type HotRoute = (service: OnshiService, facility: Facility, request: IncomingMessage) => RouteAnswer | Promise<RouteAnswer>;

/** Whether the request declares an empty body (Content-Length 0, or no body framing at all). */
const hasNoBody = (request: IncomingMessage): boolean =>
  request.headers["transfer-encoding"] === undefined && (request.headers["content-length"] === undefined || request.headers["content-length"] === "0");

/** Whether the request declares a body within the limit by its Content-Length (not chunked). */
const hasSmallBody = (request: IncomingMessage): boolean => {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] === undefined && length !== undefined && /^\d{1,7}$/.test(length) && Number(length) <= MAX_BODY_BYTES;
};

/** Decodes bodies as the app's `c.req.text()` does (WHATWG UTF-8 decode: a leading BOM dropped, bad bytes replaced). */
const utf8 = new TextDecoder();

/** The request's body as text, read in full (its Content-Length is within the limit); rejects when the client goes away. */
function bodyText(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.once("end", () => resolve(utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks))));
    request.once("error", reject);
    request.once("close", () => {
      if (!request.complete) reject(new Error("the client closed the connection before the body was complete"));
    });
  });
}

/** The POST routes served here by exact path, each with the request shape it takes; any other shape goes to the hono app. */
const HOT_ROUTES: ReadonlyMap<string, { accepts: (request: IncomingMessage) => boolean; route: HotRoute }> = new Map([
  ["/challenges", { accepts: hasNoBody, route: (service, facility) => challengeRoute(service, facility) }],
  ["/qualifications", { accepts: hasSmallBody, route: async (service, facility, request) => qualificationRoute(service, facility, await bodyText(request)) }],
]);

function sendAnswer(response: ServerResponse, answer: RouteAnswer): void {
  const json = JSON.stringify(answer.body);
  response.writeHead(answer.status, { ...answer.headers, "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  response.end(json);
}

/**
 * The node:http request listener of the service: the hot routes — `POST /challenges` without a body and
 * `POST /qualifications` with a Content-Length within the limit — are answered directly from node:http, through the
 * same route functions as the hono app whose fetch handler is given (`onshi-routes.ts`: the same authentication,
 * validation, service calls and answers); every other request, and any other shape of these (chunked, too large, with
 * a query string), goes to the app through `@hono/node-server`. The direct path skips the web Request/Response
 * adaptation, the router and the middleware chain: 10–15% of the service thread's CPU per qualification (measured here).
 */
export function createOnshiListener(service: OnshiService, appFetch: Parameters<typeof getRequestListener>[0], options: OnshiListenerOptions): RequestListener {
  const viaApp = getRequestListener(appFetch, { overrideGlobalObjects: options.overrideGlobalObjects });
  return (request, response) => {
    const hot = request.method === "POST" && request.url !== undefined ? HOT_ROUTES.get(request.url) : undefined;
    if (hot === undefined || !hot.accepts(request)) {
      void viaApp(request, response);
      return;
    }
    const facility = authenticateFacility(service, request.headers.authorization);
    if (facility instanceof RouteAnswer) {
      sendAnswer(response, facility);
      return;
    }
    let answer: RouteAnswer | Promise<RouteAnswer>;
    try {
      answer = hot.route(service, facility, request);
    } catch (error) {
      answer = errorAnswer(error, "POST", request.url ?? "", options.onInternalError);
    }
    if (answer instanceof RouteAnswer) {
      sendAnswer(response, answer);
      return;
    }
    answer.then(
      (settled) => sendAnswer(response, settled),
      (error: unknown) => {
        // The client went away before its body was complete: nobody to answer (and nothing was done).
        if (!request.complete) return;
        sendAnswer(response, errorAnswer(error, "POST", request.url ?? "", options.onInternalError));
      },
    );
  };
}
