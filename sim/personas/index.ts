/** The simulated population: who each persona is, their card's certificate state and the secrets they were issued. */
export { eraBirthDate, type EraYear, type JapaneseEra, japaneseEra } from "./japanese-era.ts";
export { completeMyNumber, isValidMyNumber, myNumberCheckDigit } from "./my-number.ts";
export {
  ageOn,
  type CertificateStatus,
  collationNumberB,
  holdsSigningCertificate,
  type Persona,
  type Sex,
  SIGNING_CERTIFICATE_MINIMUM_AGE,
} from "./persona.ts";
export { BUILT_IN_PERSONAS, findPersona } from "./personas.ts";
export { residentAddress, residentName } from "./resident-record.ts";
export { DEFAULT_CREDENTIALS } from "./default-credentials.ts";
