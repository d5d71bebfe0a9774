import type { CounterModel } from "../counter-model.ts";
import type { RealCounter } from "../real-counter.ts";
import type { ServiceMode } from "../switchable-service.ts";
import { CounterCommand } from "./counter-command.ts";

/** The online service's trouble (docs/domain/fallbacks.md#online-check-impossible). */

/** From now on the service is slow (answers held by the scheduler), answers 503, or cannot be reached. */
export class ServiceTrouble extends CounterCommand {
  constructor(readonly mode: Exclude<ServiceMode, "up">) {
    super();
  }
  protected onModel(m: CounterModel): void {
    m.setService(this.mode);
  }
  protected onReal(r: RealCounter): void {
    r.service.mode = this.mode;
  }
  toString(): string {
    return `Service(${this.mode})`;
  }
}

/** The slow service's held answers arrive, in the order the scheduler picks. */
export class ServiceAnswers extends CounterCommand {
  override check(m: Readonly<CounterModel>): boolean {
    return m.serviceWaiting;
  }
  protected onModel(m: CounterModel): void {
    m.serviceAnswers();
  }
  protected async onReal(r: RealCounter): Promise<void> {
    await r.service.answerWaiting();
  }
  toString(): string {
    return "ServiceAnswers";
  }
}

/** The service restarts: calls in flight fail, then it answers normally. */
export class ServiceRestarted extends CounterCommand {
  protected onModel(m: CounterModel): void {
    m.serviceRestarted();
  }
  protected async onReal(r: RealCounter): Promise<void> {
    await r.service.restart();
  }
  toString(): string {
    return "ServiceRestarted";
  }
}
