import type { KeyObject } from "node:crypto";
import type { PinCounter } from "./pin-counter.ts";

/** A transparent EF read with READ BINARY. `readRequires` names the PIN EF that must be verified first. */
export interface BinaryFile {
  kind: "binary";
  fid: number;
  content: Uint8Array;
  readRequires?: number;
}

/** A PIN or password EF: selected before VERIFY / CHANGE REFERENCE DATA, never readable. */
export interface PinFile {
  kind: "pin";
  fid: number;
  counter: PinCounter;
}

/** A private-key EF: selected before COMPUTE DIGITAL SIGNATURE, never readable; `useRequires` names its PIN EF. */
export interface KeyFile {
  kind: "key";
  fid: number;
  privateKey: KeyObject;
  useRequires: number;
}

/** Any elementary file of an application. */
export type ElementaryFile = BinaryFile | PinFile | KeyFile;
