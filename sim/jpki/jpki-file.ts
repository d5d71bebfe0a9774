/** JPKI EF identifiers (docs/domain/card-apdus.md "Elementary files"; OpenSC jpki.h). Each is also the EF's short identifier. */
export const JpkiFile = {
  SIGN_CERT: 0x0001,
  SIGN_CA_CERT: 0x0002,
  TOKEN_INFO: 0x0006,
  CERTS_PRESENT: 0x0008,
  AUTH_CERT: 0x000a,
  AUTH_CA_CERT: 0x000b,
  AUTH_KEY: 0x0017,
  AUTH_PIN: 0x0018,
  SIGN_KEY: 0x001a,
  SIGN_PIN: 0x001b,
} as const;
