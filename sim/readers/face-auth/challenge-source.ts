import { randomBytes, randomUUID } from "node:crypto";

/** A fresh challenge and the ID the online qualification service knows it by. */
export interface Challenge {
  challengeId: string;
  challenge: Uint8Array;
}

/** Where a reader gets the challenge a device signs (or the reader attests): the online service, once it is plugged in. */
export type ChallengeSource = () => Promise<Challenge>;

/** The default source: 32 random bytes made locally, with a random UUID (no service involved). */
export const localChallengeSource: ChallengeSource = () => Promise.resolve({ challengeId: `local-${randomUUID()}`, challenge: new Uint8Array(randomBytes(32)) });
