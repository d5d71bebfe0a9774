import type { DoctorCheck } from "./doctor-check.ts";
import { nodeVersionCheck } from "./node-version-check.ts";
import { optionalToolCheck } from "./optional-tool-check.ts";
import { pcscdBinaryCheck } from "./pcscd-binary-check.ts";
import { pcscdRunningCheck } from "./pcscd-running-check.ts";
import { smartcardBindingCheck } from "./smartcard-binding-check.ts";
import { sockoptCheck } from "./sockopt-check.ts";
import { vpcdDriverCheck } from "./vpcd-driver-check.ts";
import { vpcdExposureCheck } from "./vpcd-exposure-check.ts";
import { vpcdListeningCheck } from "./vpcd-listening-check.ts";

/** Every check of `myna-hil doctor`, in report order. */
export const doctorChecks: readonly DoctorCheck[] = [
  nodeVersionCheck,
  pcscdBinaryCheck,
  pcscdRunningCheck,
  vpcdDriverCheck,
  vpcdListeningCheck,
  vpcdExposureCheck,
  smartcardBindingCheck,
  sockoptCheck,
  optionalToolCheck("opensc-tool", "opensc", "drive the emulated card with OpenSC"),
  optionalToolCheck("pkcs15-tool", "opensc", "read the card's PKCS#15 objects"),
  optionalToolCheck("pcsc_scan", "pcsc-tools", "watch readers and card insertion"),
];
