import type { CardApplication } from "./card-application.ts";
import type { ElementaryFile } from "./elementary-file.ts";

/**
 * The volatile state of a card between resets: the selected application and EF, and which PINs are verified.
 * Cleared by power-off and reset; the security status is also dropped by every SELECT of an application, the same one
 * included (see {@link CardSession.enter}).
 */
export class CardSession {
  /** The selected application, or `null` in the MF state (after reset, or after SELECT of the issuer security domain). */
  application: CardApplication | null = null;
  /** The selected EF within the application. */
  file: ElementaryFile | null = null;
  /** FIDs of the key EFs verified in the selected application. */
  readonly verified = new Set<number>();

  /** Back to the state after reset. */
  clear(): void {
    this.application = null;
    this.file = null;
    this.verified.clear();
  }

  /**
   * Selects an application (or the MF state with `null`). The security status is dropped even when the same
   * application is selected again: that is how host software logs out (OpenSC PR #2807 implements logout by
   * re-selecting the application; docs/domain/card-apdus.md "Security status"), and no public source reports a JPKI
   * card keeping a login across a re-select.
   */
  enter(application: CardApplication | null): void {
    this.verified.clear();
    this.application = application;
    this.file = null;
  }
}
