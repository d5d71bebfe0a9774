import type { CardApplication } from "./card-application.ts";
import type { ElementaryFile } from "./elementary-file.ts";

/**
 * The volatile state of a card between resets: the selected application and EF, and which PINs are verified.
 * Cleared by power-off, reset, and by selecting another application.
 */
export class CardSession {
  /** The selected application, or `null` at the MF. */
  application: CardApplication | null = null;
  /** The selected EF within the application. */
  file: ElementaryFile | null = null;
  /** FIDs of the PIN EFs verified in the selected application. */
  readonly verified = new Set<number>();

  /** Back to the state after reset. */
  clear(): void {
    this.application = null;
    this.file = null;
    this.verified.clear();
  }

  /** Selects an application; selecting a different one drops the security status. */
  enter(application: CardApplication | null): void {
    if (application !== this.application) this.verified.clear();
    this.application = application;
    this.file = null;
  }
}
