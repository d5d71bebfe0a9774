import type { HttpTransport } from "../../sim/onshi/http-transport.ts";
import type { PilotServiceFault } from "./pilot-patient-plan.ts";

/** Longest delay a slow answer may add, ms: faults stay bounded (the client's own time-out is 30 s). */
export const MAX_SLOW_ANSWER_MS = 5_000;

/** A transport that injects the next armed fault into the next request, and what it injected so far. */
export interface FaultInjectingTransport {
  transport: HttpTransport;
  /** The next request gets this fault (`slowMs` for `slow`); one request only. */
  arm(fault: PilotServiceFault, slowMs?: number): void;
  /** Faults injected so far, by kind. */
  readonly injected: Record<Exclude<PilotServiceFault, "none">, number>;
}

const body = (error: string, message: string): string => JSON.stringify({ error, message });

/**
 * Wraps the counter's HTTP transport with MODELLED service faults at the HTTP layer, armed per request from the
 * patient's plan (so the same seed injects the same faults): `503-before` answers 503 without forwarding (an overloaded
 * front end; the service never sees the request), `502-after` forwards and then drops the service's answer for a 502
 * (the qualification was recorded, the counter does not know), `slow` waits `slowMs` (at most
 * {@link MAX_SLOW_ANSWER_MS}) before forwarding. Everything stays on loopback.
 */
export function faultInjectingTransport(inner: HttpTransport): FaultInjectingTransport {
  let armed: { fault: PilotServiceFault; slowMs: number } | undefined;
  const injected = { "503-before": 0, "502-after": 0, slow: 0 };
  const transport: HttpTransport = async (url, init) => {
    const next = armed;
    armed = undefined;
    if (next === undefined || next.fault === "none") return inner(url, init);
    injected[next.fault]++;
    if (next.fault === "503-before") return { status: 503, text: body("unavailable", "service unavailable (fault injected by the bench)") };
    if (next.fault === "slow") {
      await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_SLOW_ANSWER_MS, Math.max(0, next.slowMs))));
      return inner(url, init);
    }
    await inner(url, init);
    return { status: 502, text: body("bad-gateway", "the service's answer was lost (fault injected by the bench)") };
  };
  return {
    transport,
    arm(fault, slowMs = 0) {
      armed = { fault, slowMs };
    },
    injected,
  };
}
