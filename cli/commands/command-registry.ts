import type { CommandRegistrar } from "../command-registrar.ts";
import { registerAttachCommand } from "./attach-command.ts";
import { registerBenchCommand } from "./bench-command.ts";
import { registerConformanceCommand } from "./conformance-command.ts";
import { registerDoctorCommand } from "./doctor-command.ts";
import { registerRunCommand } from "./run-command.ts";
import { registerServeCommand } from "./serve-command.ts";
import { registerReproduceCommand } from "./reproduce-command.ts";
import { registerScenarioCommand } from "./scenario-command.ts";
import { registerTraceCommand } from "./trace-command.ts";

/**
 * Every top-level `myna-hil` command, in `--help` order.
 *
 * Extension point: a new command lives in its own file `cli/commands/<name>-command.ts` exporting a
 * {@link CommandRegistrar}, and gets one line here. The contract of each is in docs/architecture.md ("Command-line
 * contract"); an unknown command exits 2.
 */
export const commandRegistry: readonly CommandRegistrar[] = [
  (program, context) => registerRunCommand(program, context),
  (program, context) => registerAttachCommand(program, context),
  (program, context) => registerDoctorCommand(program, context),
  (program, context) => registerBenchCommand(program, context),
  (program, context) => registerServeCommand(program, context),
  (program, context) => registerScenarioCommand(program, context),
  (program, context) => registerReproduceCommand(program, context),
  (program, context) => registerTraceCommand(program, context),
  (program, context) => registerConformanceCommand(program, context),
];
