import type { CardUnderTest } from "./card-under-test.ts";
import type { TranscriptChannel } from "./transcript-channel.ts";

/**
 * One flow of a public client, run against a card through a recording channel; it asserts the client's parse of the
 * answers and the commands it sent. `reset` is a cold reset of the card (power cycle), for flows that need one.
 */
export interface TranscriptStep {
  name: string;
  run(channel: TranscriptChannel, cut: CardUnderTest, reset: () => Promise<void>): Promise<void>;
}
