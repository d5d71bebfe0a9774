import type { KeyObject } from "node:crypto";
import type { PinCounter } from "./pin-counter.ts";

/**
 * A transparent EF read with READ BINARY. `readRequires` lists the key EFs (FIDs) of which any one must be verified
 * first, e.g. the card-face photo behind 照合番号A `0013` or 照合番号B `0012`; absent: free to read.
 */
export interface BinaryFile {
  kind: "binary";
  fid: number;
  content: Uint8Array;
  readRequires?: readonly number[];
}

/** A PIN or password EF (a key EF): selected (or named by SFI) for VERIFY / CHANGE REFERENCE DATA, never readable. */
export interface PinFile {
  kind: "pin";
  fid: number;
  counter: PinCounter;
}

/**
 * A private-key EF: used by COMPUTE DIGITAL SIGNATURE, never readable. `useRequires` names its PIN EF; absent for the
 * card-info and card-face APs' own keys, which sign a presence challenge with no credential
 * (docs/domain/card-applications.md "COMPUTE DIGITAL SIGNATURE `80 2A`", presence proof).
 */
export interface KeyFile {
  kind: "key";
  fid: number;
  privateKey: KeyObject;
  useRequires?: number;
}

/** Any elementary file of an application. */
export type ElementaryFile = BinaryFile | PinFile | KeyFile;
