import { JpkiAuthority, KeyStore } from "../pki/index.ts";
import { CardApAuthority } from "./card-ap-authority.ts";
import { issueMyNumberCard } from "./card-issuer.ts";
import type { CardCredentials } from "./card-credentials.ts";
import type { MyNumberCard } from "./my-number-card.ts";
import { type Persona, findPersona } from "../personas/index.ts";

/**
 * The cards issued in this process, one per persona: asking twice for the same persona returns the same card object,
 * so its PIN counters (a blocked auth PIN, say) survive reset, reconnect and re-attach within the process.
 * Credentials apply when the card is first issued; later requests get the card as it is.
 */
export class CardRegistry {
  private static sharedInstance: CardRegistry | undefined;
  private readonly cards = new Map<string, Promise<MyNumberCard>>();
  private readonly settled: MyNumberCard[] = [];
  private authorityPromise: Promise<JpkiAuthority> | undefined;
  private apAuthorityPromise: Promise<CardApAuthority> | undefined;
  private readonly keyStore: KeyStore;
  private readonly now: Date | undefined;

  constructor(options?: { keyStore?: KeyStore; authority?: JpkiAuthority; now?: Date }) {
    this.keyStore = options?.keyStore ?? KeyStore.shared();
    this.now = options?.now;
    if (options?.authority) this.authorityPromise = Promise.resolve(options.authority);
  }

  /** The process-wide registry used by the CLI. */
  static shared(): CardRegistry {
    CardRegistry.sharedInstance ??= new CardRegistry();
    return CardRegistry.sharedInstance;
  }

  /** The cards issued so far, in issue order. */
  issued(): readonly MyNumberCard[] {
    return this.settled;
  }

  /** The test authority the cards are issued by. */
  authority(): Promise<JpkiAuthority> {
    this.authorityPromise ??= JpkiAuthority.create({ keyStore: this.keyStore });
    return this.authorityPromise;
  }

  /** The card-verifiable-certificate authority of the cards' card-info and card-face APs (their EF 0004). */
  apAuthority(): Promise<CardApAuthority> {
    this.apAuthorityPromise ??= CardApAuthority.create({ keyStore: this.keyStore });
    return this.apAuthorityPromise;
  }

  /** The card of a built-in persona (by ID) or of a given persona, issuing it on first request. */
  card(persona: string | Persona, credentials?: Partial<CardCredentials>): Promise<MyNumberCard> {
    const p = typeof persona === "string" ? findPersona(persona) : persona;
    let card = this.cards.get(p.id);
    if (!card) {
      card = Promise.all([this.authority(), this.apAuthority()]).then(([authority, apAuthority]) =>
        issueMyNumberCard(p, { authority, apAuthority, keyStore: this.keyStore, ...(this.now ? { now: this.now } : {}), ...(credentials ? { credentials } : {}) }),
      );
      card.then(
        (c) => this.settled.push(c),
        () => this.cards.delete(p.id),
      );
      this.cards.set(p.id, card);
    }
    return card;
  }
}
