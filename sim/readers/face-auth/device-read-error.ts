import { CardStatusError } from "../../jpki/index.ts";
import { TransportError } from "../../apdu/index.ts";

/** A short, PIN-free description of why an exchange with a device failed, for screens' detail lines and reports. */
export function describeReadError(error: unknown): string {
  if (error instanceof TransportError) return `${error.code}: ${error.message}`;
  if (error instanceof CardStatusError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** The status word of a refused command, when that is what `error` is. */
export function statusWordOf(error: unknown): number | undefined {
  return error instanceof CardStatusError ? error.statusWord : undefined;
}
