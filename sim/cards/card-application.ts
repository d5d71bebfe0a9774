import type { ElementaryFile } from "./elementary-file.ts";
import type { CardSession } from "./card-session.ts";

/** The operations an {@link AccessGuard} is asked about. */
export type GuardedOperation = "read" | "verify" | "sign";

/**
 * A hook that can refuse an operation with a status word before the usual access rules run.
 * Phones use it (the iPhone's biometric authorisation window); a card has none.
 * Returns a status word to refuse, or `undefined` to let the usual rules decide.
 */
export type AccessGuard = (operation: GuardedOperation, file: ElementaryFile, session: CardSession) => number | undefined;

/** An application (DF) on a card, selected by its AID: its elementary files and optional access guard. */
export interface CardApplication {
  /** Short name for traces, e.g. `JPKI`. */
  readonly name: string;
  /** Application identifier (DF name). */
  readonly aid: Uint8Array;
  /** Elementary files by FID. Every FID on this card is in `0001`–`001E`, so it is also the file's short EF identifier. */
  readonly files: ReadonlyMap<number, ElementaryFile>;
  /** Optional extra access rule (phones). */
  readonly guard?: AccessGuard;
  /** The key EF that COMPUTE DIGITAL SIGNATURE with P2 `00` uses (the card-info and card-face APs' own key); none in JPKI. */
  readonly defaultKey?: number;
}

/** Builds an application from a list of files. */
export function cardApplication(name: string, aid: Uint8Array, files: ElementaryFile[], guard?: AccessGuard, defaultKey?: number): CardApplication {
  const byFid = new Map<number, ElementaryFile>();
  for (const f of files) {
    if (byFid.has(f.fid)) throw new Error(`${name}: duplicate EF ${f.fid.toString(16)}`);
    byFid.set(f.fid, f);
  }
  if (defaultKey !== undefined && byFid.get(defaultKey)?.kind !== "key") throw new Error(`${name}: default key ${defaultKey.toString(16)} is not a key EF`);
  return { name, aid, files: byFid, ...(guard ? { guard } : {}), ...(defaultKey !== undefined ? { defaultKey } : {}) };
}
