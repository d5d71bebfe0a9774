/** The three kinds of device a patient presents. */
export type DeviceKind = "card" | "iphone" | "android";

/**
 * How the patient's identity was checked at the counter:
 * - `face`: the face-auth reader matched the camera against the card-face photo (card only);
 * - `pin`: the auth PIN typed on the reader, sent as VERIFY to the card or the Android phone;
 * - `visual`: staff compared the patient with the card by eye (card only);
 * - `biometric`: Face ID / Touch ID on the iPhone before the tap.
 */
export type IdentityMethod = "face" | "pin" | "visual" | "biometric";

/**
 * What the reader hands to the qualification terminal after a read, and the terminal sends to the online service.
 * With `pin` and `biometric` the device itself signs the service's fresh challenge with its auth key.
 * With `face` and `visual` the card's key cannot be used without its PIN, so the reader attests the check with its own
 * device key (modelled: how real readers prove a face match to the national system is not public).
 */
export interface IdentityProof {
  deviceKind: DeviceKind;
  method: IdentityMethod;
  /** The user-authentication certificate read from the device (DER). */
  certificate: Uint8Array;
  /** The challenge the service issued, and its ID. */
  challengeId: string;
  challenge: Uint8Array;
  /** RSA PKCS#1 v1.5 signature by the device's auth key over SHA-256(challenge) (`pin`, `biometric`). */
  deviceSignature?: Uint8Array;
  /** The reader's signature over SHA-256(challenge ‖ SHA-256(certificate)) and the reader's ID (`face`, `visual`). */
  readerAttestation?: { readerId: string; signature: Uint8Array };
}
