import { fromHex } from "../../sim/apdu/hex.ts";
import type { QualificationService } from "../../sim/contract/qualification-service.ts";
import { FaceAuthReader } from "../../sim/readers/face-auth/face-auth-reader.ts";
import { SCENARIO } from "../observations/scenario-ids.ts";
import { InterceptingPort, InterceptingTransceiver } from "../emulated/intercepting-port.ts";
import { SELECT_JPKI, sameBytes, swOf } from "./apdu-bytes.ts";
import type { Mutant } from "./mutant.ts";

const DAY = 86_400_000;
/** Bounded loops: the retries a broken client makes at most. */
const MUTANT_RETRY_LIMIT = 8;
/** pin-in-consent-note: the last PIN the mutant saw go to a device (one mutant run at a time). */
let lastPinSeen: string | undefined;
/** A consent with a debugging note that carries the PIN: what a careless terminal would send. */
const withPinNote = <T extends object>(consent: T): T => (lastPinSeen === undefined ? consent : { ...consent, note: `verified with ${lastPinSeen}` });

/** challenge-reuse: the first challenge each service client (one per run) handed out. */
const FIRST_CHALLENGE = new WeakMap<QualificationService, Promise<{ challengeId: string; challenge: Uint8Array }>>();

/** Every mutant shipped with the suite; `--mutants` runs each and must see its requirement fail. */
export const MUTANTS: readonly Mutant[] = [
  {
    id: "verify-to-iphone",
    description: "sends SELECT 0018 + VERIFY to every phone after SELECT JPKI, iPhones included",
    kills: "MYNA-HOST-001",
    scenarios: [SCENARIO.iphoneOk],
    hooks: {
      wrapPort: (port, where) =>
        where !== "general-purpose"
          ? port
          : new InterceptingPort(port, {
              link: (link) =>
                new InterceptingTransceiver(link, async (command, send) => {
                  const response = await send(command);
                  if (sameBytes(command, SELECT_JPKI) && swOf(response) === 0x9000) {
                    await send(fromHex("00A4020C020018"));
                    await send(fromHex("0020008004" + "31323334"));
                  }
                  return response;
                }),
            }),
    },
  },
  {
    id: "first-256-bytes",
    description: "reads only the first 256 bytes of the certificate and pads the rest with zeros",
    kills: "MYNA-HOST-002",
    scenarios: [SCENARIO.cardPinOk],
    hooks: {
      wrapPort: (port) =>
        new InterceptingPort(port, {
          link: (link) => {
            let ef = "";
            return new InterceptingTransceiver(link, async (command, send) => {
              if (command[1] === 0xa4 && command[2] === 0x02) ef = Buffer.from(command.subarray(5, 7)).toString("hex").toUpperCase();
              const offset = (((command[2] as number) & 0x7f) << 8) | (command[3] as number);
              if (command[1] === 0xb0 && ef === "000A" && offset >= 256) {
                const le = command[4] === 0 ? 256 : (command[4] as number);
                const padded = new Uint8Array(le + 2);
                padded.set([0x90, 0x00], le);
                return padded;
              }
              return send(command);
            });
          },
        }),
    },
  },
  {
    id: "pin-retry-until-blocked",
    description: "sends a refused PIN again until the card stops answering 63Cx (blocks the PIN)",
    kills: "MYNA-HOST-006",
    scenarios: [SCENARIO.cardWrongPin],
    hooks: {
      wrapPort: (port, where) =>
        where !== "card-slot"
          ? port
          : new InterceptingPort(port, {
              link: (link) =>
                new InterceptingTransceiver(link, async (command, send) => {
                  let response = await send(command);
                  for (let i = 0; i < MUTANT_RETRY_LIMIT && command[1] === 0x20 && command.length > 5 && (swOf(response) & 0xfff0) === 0x63c0 && (swOf(response) & 0x0f) > 0; i++) response = await send(command);
                  return response;
                }),
            }),
    },
  },
  {
    id: "expired-phone-accepted",
    description: "applies the card's 3-month grace to phones (dates phone certificates three months late)",
    kills: "MYNA-FACR-006",
    scenarios: [SCENARIO.phoneExpired],
    hooks: { clock: (base, reader) => ({ now: () => base.now() - (reader()?.state === "phone-reading" ? 92 * DAY : 0), setTimer: (cb, ms) => base.setTimer(cb, ms) }) },
  },
  {
    id: "challenge-reuse",
    description: "asks the service for one challenge and signs it for every patient",
    kills: "MYNA-OQS-001",
    scenarios: [SCENARIO.iphoneOk, SCENARIO.cardPinOk],
    hooks: {
      wrapService: (service: QualificationService): QualificationService => ({
        // One challenge per service client, i.e. per run: every later patient signs it again.
        requestChallenge: () => {
          let first = FIRST_CHALLENGE.get(service);
          if (first === undefined) {
            first = service.requestChallenge();
            FIRST_CHALLENGE.set(service, first);
          }
          return first;
        },
        qualify: (proof, options) => service.qualify(proof, options),
        recordConsent: (id, consent) => service.recordConsent(id, consent),
        queryInsurance: (request) => service.queryInsurance(request),
      }),
    },
  },
  {
    id: "pin-in-consent-note",
    description: "remembers the PIN it sends in VERIFY and adds it to the consent it sends the service, as a debugging note",
    kills: "MYNA-FACR-015",
    scenarios: [SCENARIO.cardPinOk],
    hooks: {
      wrapPort: (port) =>
        new InterceptingPort(port, {
          link: (link) =>
            new InterceptingTransceiver(link, (command, send) => {
              // VERIFY with data: 00 20 00 80 Lc <PIN>
              if (command[1] === 0x20 && command.length > 5) lastPinSeen = Buffer.from(command.subarray(5, 5 + (command[4] as number))).toString("latin1");
              return send(command);
            }),
        }),
      wrapService: (service: QualificationService): QualificationService => {
        lastPinSeen = undefined; // a new run
        return {
        requestChallenge: () => service.requestChallenge(),
        qualify: (proof, options) => service.qualify(proof, options?.consent === undefined ? options : { ...options, consent: withPinNote(options.consent) }),
        recordConsent: (id, consent) => service.recordConsent(id, withPinNote(consent)),
        queryInsurance: (request) => service.queryInsurance(request),
        };
      },
    },
  },
  {
    id: "phone-button-always",
    description: "ignores the general-purpose reader set-up: 「スマートフォンを利用する」 always shown",
    kills: "MYNA-FACR-001",
    scenarios: [SCENARIO.noGeneralPurposeReader],
    hooks: {
      makeReader: (options) =>
        new (class extends FaceAuthReader {
          override phoneButtonShown(): boolean {
            return true;
          }
        })(options),
    },
  },
  {
    id: "never-reconnects",
    description: "after a removal (SCARD_W_REMOVED_CARD) never opens the general-purpose reader again",
    kills: "MYNA-HOST-011",
    scenarios: [SCENARIO.phoneRemovedMidRead],
    hooks: {
      wrapPort: (port, where) => {
        if (where !== "general-purpose") return port;
        let broken = false;
        return new InterceptingPort(port, {
          gate: () => !broken,
          link: (link) =>
            new InterceptingTransceiver(link, async (command, send) => {
              try {
                return await send(command);
              } catch (error) {
                broken = true;
                throw error;
              }
            }),
        });
      },
    },
  },
  {
    id: "no-premature-guidance",
    description: "does not watch the general-purpose reader on the top screen: no guidance on a premature tap",
    kills: "MYNA-FACR-003",
    scenarios: [SCENARIO.prematureTap],
    hooks: { wrapPort: (port, where, reader) => (where !== "general-purpose" ? port : new InterceptingPort(port, { gate: () => reader()?.state !== "standby" })) },
  },
  {
    id: "retry-storm",
    description: "retries a failed qualification up to 8 times instead of giving up",
    kills: "MYNA-OQS-004",
    scenarios: [SCENARIO.serviceDown],
    hooks: {
      wrapService: (service: QualificationService): QualificationService => ({
        requestChallenge: () => service.requestChallenge(),
        qualify: async (proof, options) => {
          for (let i = 0; ; i++) {
            try {
              return await service.qualify(proof, options);
            } catch (error) {
              if (i >= MUTANT_RETRY_LIMIT - 1) throw error;
            }
          }
        },
        recordConsent: (id, consent) => service.recordConsent(id, consent),
        queryInsurance: (request) => service.queryInsurance(request),
      }),
    },
  },
];
