import type { KeyObject } from "node:crypto";
import type { Scheduler } from "fast-check";
import type { QualificationService } from "../../sim/contract/qualification-service.ts";
import type { ReaderRegistry } from "../../sim/station/index.ts";

/**
 * How the online qualification service behaves for the next calls (docs/domain/fallbacks.md#online-check-impossible):
 * `up`; `slow` (each answer waits until the scheduler lets it through); `5xx` (it answers 503); `down` (no answer:
 * connection refused).
 */
export type ServiceMode = "up" | "slow" | "5xx" | "down";

/** An HTTP 503 as the terminal recognises one (a numeric `status`, the service's JSON error body). */
class ServiceUnavailable extends Error {
  readonly status = 503;
  readonly body = { error: "service-unavailable", message: "the online qualification service is restarting (modelled 503)" };
}

/**
 * The counter's view of the online service, switchable between the {@link ServiceMode}s, in front of the real one.
 * Slow answers are gated by a fast-check {@link Scheduler}: when they arrive, and in which order when several wait,
 * is the scheduler's choice; a restart of the service makes every waiting call fail (its connection is reset).
 */
export class SwitchableService implements QualificationService, ReaderRegistry {
  /** The current mode. */
  mode: ServiceMode = "up";
  private readonly inner: QualificationService & ReaderRegistry;
  private readonly scheduler: Scheduler;
  private waiting = 0;
  /** Bumped by every restart: a call that waited across one fails, whenever its continuation runs. */
  private generation = 0;

  constructor(inner: QualificationService & ReaderRegistry, scheduler: Scheduler) {
    this.inner = inner;
    this.scheduler = scheduler;
  }

  /** Calls waiting for the scheduler (slow answers not yet let through). */
  get pending(): number {
    return this.waiting;
  }

  /** Lets every waiting answer through, in the scheduler's order. */
  async answerWaiting(): Promise<void> {
    await this.scheduler.waitAll();
  }

  /** The service restarts: waiting calls fail (connection reset), and it answers normally again. */
  async restart(): Promise<void> {
    this.generation++;
    this.mode = "up";
    await this.scheduler.waitAll();
  }

  requestChallenge(): ReturnType<QualificationService["requestChallenge"]> {
    return this.call("challenge", () => this.inner.requestChallenge());
  }

  qualify(...args: Parameters<QualificationService["qualify"]>): ReturnType<QualificationService["qualify"]> {
    return this.call("qualify", () => this.inner.qualify(...args));
  }

  recordConsent(...args: Parameters<QualificationService["recordConsent"]>): ReturnType<QualificationService["recordConsent"]> {
    return this.call("consent", () => this.inner.recordConsent(...args));
  }

  queryInsurance(...args: Parameters<QualificationService["queryInsurance"]>): ReturnType<QualificationService["queryInsurance"]> {
    return this.call("query", () => this.inner.queryInsurance(...args));
  }

  registerReader(readerId: string, publicKey: KeyObject): Promise<void> {
    return this.inner.registerReader(readerId, publicKey);
  }

  private async call<T>(label: string, forward: () => Promise<T>): Promise<T> {
    switch (this.mode) {
      case "up":
        return forward();
      case "5xx":
        throw new ServiceUnavailable(`${label}: HTTP 503`);
      case "down":
        throw new Error(`${label}: connect ECONNREFUSED (modelled outage)`);
      case "slow": {
        const generation = this.generation;
        this.waiting++;
        try {
          await this.scheduler.schedule(Promise.resolve(label), `slow ${label}`);
        } finally {
          this.waiting--;
        }
        if (generation !== this.generation) throw new Error(`${label}: socket hang up (the service restarted)`);
        return forward();
      }
    }
  }
}
