import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { UsageError, VerdictFailure } from "../cli-error.ts";
import { parseOutputDirectory } from "../parse-output-path.ts";
import { loadProfile } from "../../conformance/profile/load-profile.ts";
import { ProfileError } from "../../conformance/profile/profile-error.ts";
import { findRequirement } from "../../conformance/requirements/catalogue.ts";
import { type Expectations, loadExpectations } from "../../conformance/run/expectations.ts";
import { type DutKind, runConformance, UnsupportedDutError } from "../../conformance/run/conformance-run.ts";
import { rejudge } from "../../conformance/run/rejudge.ts";
import { READER_PIN_ENV, READER_PIN_FILE_ENV } from "../../conformance/reader/run-reader.ts";
import type { VerdictSummary } from "../../conformance/run/requirement-result.ts";

/** Flags of `myna-hil conformance`. */
interface ConformanceFlags {
  dut: string;
  profile?: string;
  out: string;
  mutants?: boolean;
  only?: string[];
  expectations?: string;
  seed?: string;
}

function parseDut(value: string): DutKind {
  if (value === "emulated" || value === "external") return value;
  if (/^pcsc:.+/.test(value)) return value as DutKind;
  throw new UsageError(`--dut: expected emulated, external or pcsc:READER, got ${JSON.stringify(value)}`);
}

function checkOnly(ids: readonly string[] | undefined): void {
  for (const id of ids ?? []) if (!findRequirement(id)) throw new UsageError(`--only: no requirement ${JSON.stringify(id)} (IDs look like MYNA-HOST-001)`);
}

/** Usage errors from the profile/expectations files name every bad field (exit 2). */
async function usage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ProfileError || error instanceof UnsupportedDutError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

function summaryLine(s: VerdictSummary): string {
  return `${s.tests} requirements: ${s.pass} pass, ${s.fail} fail${s.expectedFailures ? ` (${s.expectedFailures} known)` : ""}, ${s.inconclusive} inconclusive, ${s.not_applicable} not applicable, ${s.error} error`;
}

/**
 * `myna-hil conformance --dut emulated|external|pcsc:READER --profile ICS.json --out DIR [--mutants] [--only ID…]`
 * and `myna-hil conformance rejudge DIR`: the vendor conformance suite (conformance/README.md). Exit 0 when every
 * applicable requirement passed, 1 on a failure (or a surviving mutant), 2 on bad usage or a bad profile.
 */
export function registerConformanceCommand(program: Command, context: CliContext): void {
  const command = program
    .command("conformance")
    .description("run the conformance suite against a DUT: numbered requirements, traces, JUnit/JSON/HTML reports")
    .option("--dut <dut>", "emulated (the reference) | external (the profile's `command` against emulated devices in pcscd) | pcsc:READER (reader-level checks on a PC/SC reader)", "emulated")
    .option("--profile <file>", "capability profile (ICS) JSON, schema conformance/schema/capability-profile.schema.json")
    .option("--out <dir>", "where reports, traces and observations go", "reports/conformance")
    .option("--mutants", "also run the shipped mutants of the reference and print the mutation score")
    .option("--only <ids...>", "judge only these requirement IDs")
    .option("--expectations <file>", "known failures: {\"knownFailures\": [{\"id\", \"reason\"}]}")
    .option("--seed <seed>", "the run's seed (printed; default random)")
    .addHelpText(
      "after",
      `
DUT external runs the vendor program given by the profile's "command" once per scenario, with placeholders
({reader} {serviceUrl} {facilityCode} {facilitySecretFile} {pinFile} {resultFolder} {displayReport} {answers} {dataDir}
{scenario}) filled in; the PIN the patient types comes as $MYNA_CONFORMANCE_PIN and in {pinFile}, never in argv.
Needs pcscd with vsmartcard-vpcd (\`myna-hil doctor\`); run it alone on its vpcd slot.
DUT pcsc:READER is read-only unless the tester gives the auth PIN in $${READER_PIN_ENV} or a file named by
$${READER_PIN_FILE_ENV}. conformance/README.md#vendors says what to hand over.
`,
    )
    .action(async (flags: ConformanceFlags) => {
      const dut = parseDut(flags.dut);
      if (!flags.profile) throw new UsageError("--profile: a capability profile is required (e.g. conformance/profiles/emulated.json)");
      checkOnly(flags.only);
      const profileFile = flags.profile;
      const profile = await usage(() => loadProfile(profileFile));
      const expectationsFile = flags.expectations;
      const expectations: Expectations | undefined = expectationsFile ? await usage(() => loadExpectations(expectationsFile)) : undefined;
      const outDir = await parseOutputDirectory(flags.out, "--out");
      const outcome = await usage(() =>
        runConformance({
          dut,
          profile,
          profileFile,
          outDir,
          ...(flags.only ? { only: flags.only } : {}),
          ...(flags.mutants ? { mutants: true } : {}),
          ...(expectations ? { expectations } : {}),
          ...(flags.seed ? { seed: flags.seed } : {}),
          progress: (line) => context.io.err(`${line}\n`),
        }),
      );
      context.io.out(`${summaryLine(outcome.summary)}\n`);
      if (outcome.mutants) context.io.out(`mutation score: ${outcome.mutants.killed}/${outcome.mutants.total} killed\n`);
      context.io.out(`seed ${outcome.seed}; reports: ${outcome.files.html}, ${outcome.files.junit}, ${outcome.files.json}\n`);
      if (outcome.exitCode !== 0) throw new VerdictFailure(`conformance: ${outcome.summary.fail - outcome.summary.expectedFailures} failure(s), ${outcome.summary.error} harness error(s)${outcome.mutants && outcome.mutants.killed < outcome.mutants.total ? `, ${outcome.mutants.total - outcome.mutants.killed} mutant(s) survived` : ""}`);
    });
  command
    .command("rejudge <dir>")
    .description("re-judge a finished run from its saved observations, without the DUT, and rewrite its reports")
    .option("--only <ids...>", "judge only these requirement IDs")
    .option("--expectations <file>", "known failures file")
    .action(async (dir: string, _flags: unknown, sub: Command) => {
      // The parent declares the same flags and takes them wherever they stand: read both levels.
      const flags = sub.optsWithGlobals<{ only?: string[]; expectations?: string }>();
      checkOnly(flags.only);
      const expectationsFile = flags.expectations;
      const expectations = expectationsFile ? await usage(() => loadExpectations(expectationsFile)) : undefined;
      const outcome = await usage(() => rejudge(dir, { ...(flags.only ? { only: flags.only } : {}), ...(expectations ? { expectations } : {}) }));
      context.io.out(`${summaryLine(outcome.summary)}\n`);
      if (outcome.exitCode !== 0) throw new VerdictFailure(`conformance rejudge: ${outcome.summary.fail - outcome.summary.expectedFailures} failure(s), ${outcome.summary.error} harness error(s)`);
    });
}
