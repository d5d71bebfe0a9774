import type { CardApMaterial } from "./card-ap-material.ts";
import type { JpkiKeyMaterial } from "./jpki-key-material.ts";

/** Everything a My Number Card is issued with: its JPKI material and its card-info / card-face AP keys and certificates. */
export interface MyNumberCardMaterial extends JpkiKeyMaterial {
  applications: CardApMaterial;
}
