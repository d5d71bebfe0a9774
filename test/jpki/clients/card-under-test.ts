import type { CardApAuthority, CardCredentials, MyNumberCard } from "../../../sim/cards/index.ts";

/** The card a client transcript runs against, with what a tester knows about it (secrets, the test PKI's CV CA). */
export interface CardUnderTest {
  card: MyNumberCard;
  credentials: CardCredentials;
  apAuthority: CardApAuthority;
}
