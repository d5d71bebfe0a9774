import type { CardSession } from "./card-session.ts";
import type { ElementaryFile } from "./elementary-file.ts";

/**
 * The EF of the selected application that a short EF identifier names. On this card every EF of every application has a
 * FID in `0001`–`001E` and its SFI is the FID's low byte (myna-card `ShortEfId::from_ef_id`; jsapdu reads `80|ef` and
 * verifies `80+ef` with the FIDs of `constants.ts`; docs/domain/card-applications.md "SFI addressing"). The MF has no
 * EF with a short identifier, so nothing is found there.
 */
export function fileByShortIdentifier(session: CardSession, sfi: number): ElementaryFile | undefined {
  if (sfi < 0x01 || sfi > 0x1e) return undefined;
  return session.application?.files.get(sfi);
}
