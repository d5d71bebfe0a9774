import { beforeAll, describe, it } from "vitest";
import { resolveCredentials } from "../../../sim/cards/index.ts";
import { InProcessTransceiver } from "../../../sim/transport/in-process-transceiver.ts";
import { freshCardRegistry } from "../../support/card-fixtures.ts";
import type { CardUnderTest } from "./card-under-test.ts";
import { TranscriptChannel } from "./transcript-channel.ts";
import type { TranscriptStep } from "./transcript-step.ts";

/**
 * Runs a client's transcript steps in process, each on a fresh link to the card of `personaId` (its own registry, so
 * PIN counters do not leak between files), in order.
 */
export function describeTranscripts(title: string, personaId: string, steps: readonly TranscriptStep[]): void {
  describe(title, () => {
    const registry = freshCardRegistry();
    let cut: CardUnderTest;
    beforeAll(async () => {
      cut = { card: await registry.card(personaId), credentials: resolveCredentials(), apAuthority: await registry.apAuthority() };
    });
    for (const step of steps) {
      it(step.name, async () => {
        const link = new InProcessTransceiver(cut.card);
        await step.run(new TranscriptChannel(link), cut, async () => {
          await link.reset();
        });
      });
    }
  });
}
