import type { CertificateHolder } from "../../sim/pki/certificate-holder.ts";

/** A test holder; the name has a full-width space as on real residence records. */
export const holder: CertificateHolder = {
  name: "山田\u3000花子",
  nameKana: "ヤマダ\u3000ハナコ",
  birthDate: "1990-01-02",
  sex: "female",
  address: "東京都千代田区千代田１－１",
};

/** A five-year validity, in whole seconds. */
export const validity = { notBefore: new Date("2024-01-01T00:00:00Z"), notAfter: new Date("2029-01-01T00:00:00Z") };
