/** The simulated population: who each persona is, their card's certificate state and the secrets they were issued. */
export { completeMyNumber, isValidMyNumber, myNumberCheckDigit } from "./my-number.ts";
export { ageOn, type CertificateStatus, collationNumberB, type Persona, type Sex } from "./persona.ts";
export { BUILT_IN_PERSONAS, findPersona } from "./personas.ts";
