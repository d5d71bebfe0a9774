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
  /** Elementary files by FID. */
  readonly files: ReadonlyMap<number, ElementaryFile>;
  /** Optional extra access rule (phones). */
  readonly guard?: AccessGuard;
}

/** Builds an application from a list of files. */
export function cardApplication(name: string, aid: Uint8Array, files: ElementaryFile[], guard?: AccessGuard): CardApplication {
  const byFid = new Map<number, ElementaryFile>();
  for (const f of files) {
    if (byFid.has(f.fid)) throw new Error(`${name}: duplicate EF ${f.fid.toString(16)}`);
    byFid.set(f.fid, f);
  }
  return guard ? { name, aid, files: byFid, guard } : { name, aid, files: byFid };
}
