import { join } from "node:path";
import { CardRegistry } from "../../sim/cards/card-registry.ts";
import { ageOn, type Persona, BUILT_IN_PERSONAS } from "../../sim/personas/index.ts";
import { ApduTrace } from "../../sim/trace/index.ts";
import { CertificateLinks, OnshiClient, startOnshiServer, type UsageCounts } from "../../sim/onshi/index.ts";
import { AndroidPhoneToken, IPhoneToken, phoneModel, PhoneRegistry, type PhoneToken } from "../../sim/phones/index.ts";
import { printedCardFaces } from "../../sim/readers/face-auth/card-face-scanner.ts";
import { systemClock } from "../../sim/readers/face-auth/reader-clock.ts";
import type { ConsentAnswers } from "../../sim/readers/face-auth/consent-answers.ts";
import { CounterStation } from "../../sim/station/counter-station.ts";
import { type FallbackCause, type FallbackRecord, fallbackOptions } from "../../sim/terminal/fallback.ts";
import { SeededRandom } from "../seeded-random.ts";
import { dayClock, dayOpening, seededDayDate } from "./clinic-day-date.ts";
import { type ClinicDayOptions, PATIENT_BEHAVIOUR, PILOT_IPHONE_SHARE } from "./clinic-day-options.ts";
import { DeviceSockets } from "./device-sockets.ts";
import { runVisit, type VisitOutcome, type VisitPlan } from "./patient-visit.ts";
import { DEFAULT_CREDENTIALS } from "../../sim/personas/index.ts";

/** One patient of the day: who, with what, and how it ended. */
export interface DayVisit {
  index: number;
  persona: Pick<Persona, "id" | "name" | "certificateStatus">;
  device: "card" | "iphone" | "android";
  outcome: VisitOutcome;
  fallback?: FallbackRecord;
  /** Why the patient came with the card although phones were drawn (a child, a certificate a phone cannot take). */
  phoneRefused?: string;
  durationMs: number;
}

/** What a day produced. */
export interface ClinicDayResult {
  /** The day's date, `YYYY-MM-DD` (given, or chosen by the seed). */
  date: string;
  facility: { medicalInstitutionCode: string; name: string };
  visits: DayVisit[];
  usage: UsageCounts;
  serviceUrl: string;
  resDir: string;
  trace: ApduTrace;
  seconds: number;
  /** Errors of the device-bus servers (the first ones, as `<device>: <message>`), and how many there were. */
  deviceBusErrors: { count: number; first: readonly string[] };
}

const FACILITY_INDEX = { hospital: 0, clinic: 1, dental: 2, pharmacy: 3 } as const;

function consents(rng: SeededRandom): ConsentAnswers {
  const yes = () => rng.next() < PATIENT_BEHAVIOUR.consentYes;
  return { drug: yes(), healthCheck: yes(), clinical: yes(), surgery: yes(), costCap: yes(), prescription: rng.next() < PATIENT_BEHAVIOUR.electronicPrescription ? "electronic" : "paper" };
}

function fallbackCause(outcome: VisitOutcome): FallbackCause | undefined {
  if (outcome.kind === "answered") return undefined;
  if (outcome.kind === "refused") return "certificate-invalid";
  if (outcome.kind === "service-unreachable") return "system-unavailable";
  if (outcome.state === "pin-locked") return "pin-blocked";
  if (outcome.state === "error-006") return "certificate-invalid";
  if (outcome.state === "error-system") return "system-unavailable";
  return outcome.path === "iphone" || outcome.path === "android" ? "phone-read-failed" : "card-read-failed";
}

/**
 * A simulated counter day at one facility: the online qualification service on loopback (real HTTP, journal on disk),
 * a face-auth reader of the chosen model with the general-purpose reader beside it, the qualification terminal writing
 * OQS result files, and patients drawn from the seed — card, iPhone and Android — each device on its own socket.
 * Failed reads end in the fallbacks of docs/domain/fallbacks.md, recorded but never counted as uses.
 * The day takes place on `options.date` (default chosen by the seed): cards, phones, the service and the reader all
 * run on that day's clock, so the same seed gives the same day whenever it runs. (The terminal's result-file
 * timestamps still use the wall clock: `CounterStation` does not pass a clock to it; they name files, decide nothing.)
 */
export async function runClinicDay(options: ClinicDayOptions, onVisit?: (v: DayVisit) => void): Promise<ClinicDayResult> {
  const started = performance.now();
  const date = options.date ?? seededDayDate(options.seed);
  const opening = dayOpening(date);
  const now = dayClock(opening);
  const rng = new SeededRandom(options.seed);
  const cards = new CardRegistry({ now: opening });
  const authority = await cards.authority();
  const server = await startOnshiServer({ authority, dataDir: join(options.outDir, "onshi"), clock: () => new Date(now()) });
  const facility = server.facilities[FACILITY_INDEX[options.facilityType]] ?? server.facilities[0];
  if (!facility) throw new Error("the service has no facility");
  const client = new OnshiClient({ baseUrl: server.url, medicalInstitutionCode: facility.medicalInstitutionCode, secret: facility.secret });
  const phones = new PhoneRegistry({ authority, clock: now });
  const sockets = new DeviceSockets();
  const trace = options.trace ?? new ApduTrace({ limit: 200_000 });
  const resDir = join(options.outDir, "RES");
  const station = await CounterStation.open({
    profile: options.readerModel,
    service: client,
    medicalInstitutionCode: facility.medicalInstitutionCode,
    resDir,
    fallbackLog: join(options.outDir, "fallbacks.jsonl"),
    cardFaceScanner: (input) => printedCardFaces(cards.issued())(input),
    trace,
    clock: { now, setTimer: systemClock.setTimer },
  });
  const phoneOf = new Map<string, PhoneToken | string>();
  const visits: DayVisit[] = [];
  try {
    for (let i = 0; i < options.patients; i++) {
      const persona = rng.pick(BUILT_IN_PERSONAS);
      const card = await cards.card(persona);
      CertificateLinks.shared().register(card.authCertificate.serialNumber, persona.id, "card");
      const wantsPhone = rng.next() < options.phoneShare;
      const kind = rng.next() < PILOT_IPHONE_SHARE ? "iphone" : "android";
      const answers = consents(rng);
      const holdBeforeButton = rng.next() < PATIENT_BEHAVIOUR.phoneHeldBeforeButton;
      const wrongPlace = rng.next() < PATIENT_BEHAVIOUR.phoneHeldOnWrongReader;
      const biometricFirst = rng.next() >= PATIENT_BEHAVIOUR.iphoneWithoutBiometricFirst;
      const m = rng.next();
      const method = m < PATIENT_BEHAVIOUR.cardMethod.face ? "face" : m < PATIENT_BEHAVIOUR.cardMethod.face + PATIENT_BEHAVIOUR.cardMethod.pin ? "pin" : "visual";

      let phone: PhoneToken | undefined;
      let phoneRefused: string | undefined;
      if (wantsPhone) {
        let held = phoneOf.get(persona.id);
        if (held === undefined) {
          // First time this person comes with a phone: add the card to it as the person would (one phone per person).
          const id = `${kind}-${persona.id}`;
          const token = kind === "iphone" ? new IPhoneToken({ id, model: phoneModel("iPhone 15", "18.5"), registeredBiometrics: ["face"] }) : new AndroidPhoneToken({ id, model: phoneModel("Pixel 8", "14") });
          const added = ageOn(persona, new Date(now())) < 15 ? undefined : await phones.provision({ phone: token, card, cardSignPassword: DEFAULT_CREDENTIALS.signPassword, cardInfoPin: DEFAULT_CREDENTIALS.cardInfoPin, healthInsuranceRegistered: true });
          if (added === undefined) held = "under 15: no signing certificate, so the card cannot be added to a phone";
          else if (!added.ok) held = added.refusal.message;
          else if (token.certificates) {
            CertificateLinks.shared().register(token.certificates.auth.serialNumber, persona.id, token instanceof IPhoneToken ? "iphone" : "android");
            held = token;
          } else held = "the phone holds no certificate";
          phoneOf.set(persona.id, held);
        }
        if (typeof held === "string") phoneRefused = held;
        else phone = held;
      }
      let plan: VisitPlan;
      if (phone instanceof IPhoneToken) plan = { device: "iphone", phone, biometricFirst, holdBeforeButton, wrongPlace, consents: answers };
      else if (phone instanceof AndroidPhoneToken) plan = { device: "android", phone, pin: DEFAULT_CREDENTIALS.authPin, holdBeforeButton, wrongPlace, consents: answers };
      else plan = { device: "card", card, method, consents: answers };

      const t0 = performance.now();
      const outcome = await runVisit(station, sockets, plan);
      const visit: DayVisit = {
        index: i + 1,
        persona: { id: persona.id, name: persona.name, certificateStatus: persona.certificateStatus },
        device: plan.device,
        outcome,
        durationMs: performance.now() - t0,
        ...(phoneRefused ? { phoneRefused } : {}),
      };
      const cause = fallbackCause(outcome);
      if (cause) {
        const kindOfFallback = fallbackOptions(cause, { firstVisit: true })[0];
        if (kindOfFallback) visit.fallback = await station.terminal.recordFallback(cause, kindOfFallback, { copaymentRatio: "030" });
      }
      visits.push(visit);
      onVisit?.(visit);
    }
    const usage = await client.usage();
    return {
      date,
      facility: { medicalInstitutionCode: facility.medicalInstitutionCode, name: facility.name ?? "" },
      visits,
      usage,
      serviceUrl: server.url,
      resDir,
      trace,
      seconds: (performance.now() - started) / 1000,
      deviceBusErrors: { count: sockets.errorCount, first: [...sockets.errors] },
    };
  } finally {
    await station.close();
    await sockets.close();
    await server.close();
  }
}
