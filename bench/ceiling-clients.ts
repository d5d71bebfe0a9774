/** The clients of `bench apdu`'s ceiling: each measures one round against whichever card is in the reader. */
import { fromHex } from "../sim/apdu/index.ts";
import { PcscTransceiver } from "../sim/transport/pcsc-transceiver.ts";
import { runOpenscSelects } from "./opensc-select-client.ts";
import { WrongAnswerError } from "./wrong-answer-error.ts";

/** SELECT of the JPKI AP by DF name, no response data (P2 = 0C): `90 00` from our card and from the echo card alike. */
export const CEILING_APDU_HEX = "00A4040C0AD392F000260100000001";
/** SELECTs per opensc-tool process (the original measurement). */
export const OPENSC_APDUS_PER_PROCESS = 200;

/** One round's measurement: the APDUs sent (all answered 9000) in `seconds`; latency samples are added to `samples`. */
export type Measure = (reader: string, samples: number[]) => Promise<{ apdus: number; seconds: number }>;

const select = fromHex(CEILING_APDU_HEX);

/** Our PcscTransceiver (the smartcard binding): the SELECT back to back for `budgetMs`, every answer checked. */
export function smartcardClient(budgetMs: number): Measure {
  return async (reader, samples) => {
    const host = await PcscTransceiver.connect(reader);
    try {
      const start = performance.now();
      const end = start + budgetMs;
      let now = start;
      let apdus = 0;
      while (now < end) {
        const t0 = now;
        const r = await host.transmit(select);
        now = performance.now();
        if (r.length !== 2 || r[0] !== 0x90 || r[1] !== 0x00) throw new WrongAnswerError(`the card answered ${Buffer.from(r).toString("hex").toUpperCase()} to SELECT JPKI AP, not 9000`);
        samples.push(now - t0);
        apdus++;
      }
      return { apdus, seconds: (now - start) / 1000 };
    } finally {
      await host.close();
    }
  };
}

/** opensc-tool processes of {@link OPENSC_APDUS_PER_PROCESS} SELECTs, back to back for `budgetMs` (at least one). */
export function openscClient(budgetMs: number): Measure {
  return async (reader, samples) => {
    const start = performance.now();
    let apdus = 0;
    do {
      samples.push(await runOpenscSelects(reader, CEILING_APDU_HEX, OPENSC_APDUS_PER_PROCESS));
      apdus += OPENSC_APDUS_PER_PROCESS;
    } while (performance.now() < start + budgetMs);
    return { apdus, seconds: (performance.now() - start) / 1000 };
  };
}
