import { randomBytes } from "node:crypto";
import { CardRegistry } from "../sim/cards/card-registry.ts";
import { DEFAULT_CREDENTIALS } from "../sim/cards/card-credentials.ts";
import type { Persona } from "../sim/cards/persona.ts";
import { BUILT_IN_PERSONAS } from "../sim/cards/personas.ts";
import type { CardReadOutcome } from "../sim/terminal/card-read-outcome.ts";
import { readCardForQualification } from "../sim/terminal/card-read-path.ts";
import { ApduTrace } from "../sim/transport/apdu-trace.ts";
import { TracingTransceiver } from "../sim/transport/tracing-transceiver.ts";
import { WsDeviceServer } from "../sim/transport/ws-device-server.ts";
import { WsTransceiver } from "../sim/transport/ws-transceiver.ts";
import { SeededRandom } from "./seeded-random.ts";

/** How a patient types the PIN (modelled shares; the pilot's figures do not give them). */
export type PinBehaviour = "correct" | "one-typo" | "forgotten";

/** One patient's visit and how it ended. */
export interface PatientVisit {
  index: number;
  persona: Pick<Persona, "id" | "name" | "certificateStatus">;
  pinBehaviour: PinBehaviour;
  outcome: CardReadOutcome;
  apdus: number;
  durationMs: number;
  /** The visit's APDU trace (PINs redacted), kept for failed visits only. */
  trace?: string;
}

/** Options of {@link runCounterSession}. */
export interface CounterSessionOptions {
  patients: number;
  seed: number;
  /** Called after each visit (live progress). */
  onVisit?: (visit: PatientVisit) => void;
  registry?: CardRegistry;
}

function pinAttempts(behaviour: PinBehaviour, rng: SeededRandom): string[] {
  const right = DEFAULT_CREDENTIALS.authPin;
  const wrong = () => {
    let p: string;
    do p = String(rng.int(10_000)).padStart(4, "0");
    while (p === right);
    return p;
  };
  if (behaviour === "correct") return [right];
  if (behaviour === "one-typo") return [wrong(), right];
  return [wrong(), wrong(), wrong()];
}

/**
 * A counter session with My Number Cards: each patient's card is served on its own ws socket on loopback, the
 * terminal reads it over the socket (real APDUs, redacted trace), and the certificate is checked against the test CA.
 * Who comes and how they type the PIN is drawn from the seed: the same seed gives the same visits.
 */
export async function runCounterSession(options: CounterSessionOptions): Promise<PatientVisit[]> {
  const rng = new SeededRandom(options.seed);
  const registry = options.registry ?? new CardRegistry();
  const authority = await registry.authority();
  const visits: PatientVisit[] = [];
  for (let i = 0; i < options.patients; i++) {
    const persona = rng.pick(BUILT_IN_PERSONAS);
    const roll = rng.next();
    const pinBehaviour: PinBehaviour = roll < 0.9 ? "correct" : roll < 0.97 ? "one-typo" : "forgotten";
    const attempts = pinAttempts(pinBehaviour, rng);
    const card = await registry.card(persona);
    const server = await WsDeviceServer.listen(card);
    const trace = new ApduTrace();
    const started = performance.now();
    let visit: PatientVisit;
    try {
      const socket = await WsTransceiver.connect(server.url);
      const link = new TracingTransceiver(socket, trace);
      try {
        // The challenge comes from the system, not the seed: a signature must never be replayable.
        const result = await readCardForQualification(link, { pinAttempts: attempts, challenge: randomBytes(32), authority, graceAfterExpiryMonths: 3 });
        visit = {
          index: i + 1,
          persona: { id: persona.id, name: persona.name, certificateStatus: persona.certificateStatus },
          pinBehaviour,
          outcome: result.outcome,
          apdus: trace.entries.filter((e) => e.direction === "command").length,
          durationMs: performance.now() - started,
        };
        if (result.outcome.kind !== "qualified") visit.trace = trace.toText();
      } finally {
        await link.close();
      }
    } finally {
      await server.close();
    }
    visits.push(visit);
    options.onVisit?.(visit);
  }
  return visits;
}
