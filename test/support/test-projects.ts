/**
 * How vitest.config.ts splits the test files into projects. Kept apart from the config so that
 * test/tools/test-projects.test.ts can check the lists without loading Vitest's Node side.
 */

/**
 * The hardware tier: every test file that puts a card into the real pcscd through vpcd (a TCP connection to vpcd's
 * port is a card insertion) or reads one through it. They share vpcd's two slots (ports 35963/35964), so no two of
 * them may run at once. Each imports test/support/hardware-tier.ts (`describeHardware`); test/tools/test-projects.test.ts
 * checks that this list is exactly those files, so that a new one cannot slip into the parallel projects.
 */
export const HARDWARE_TEST_FILES: readonly string[] = [
  "test/conformance/external.test.ts",
  "test/conformance/pcsc-reader.test.ts",
  "test/e2e/phone-through-pcscd.test.ts",
  "test/hardware/attach-phones.test.ts",
  "test/hardware/card-through-pcscd.test.ts",
  "test/hardware/outside-clients.test.ts",
  "test/hardware/public-clients-through-pcscd.test.ts",
  "test/phones/phones-through-pcscd.test.ts",
  "test/readers/general-purpose/phone-quirks-in-pcscd.test.ts",
  "test/readers/general-purpose/reader-in-pcscd.test.ts",
  "test/scenarios/catalogue-through-pcscd.test.ts",
  "test/transport/pcscd-vpcd.test.ts",
];

/**
 * Files that need a fresh module graph of their own (the "isolated" project). Every other file of the "unit" project
 * shares its worker's modules with the files that ran there before it (`isolate: false`: each module is loaded once
 * per worker instead of once per file). Why each one is here:
 * - onshi/acknowledged-writes: `vi.mock("node:fs/promises")` only reaches modules loaded after it;
 * - onshi/serve-command: the in-process `serve onshi` replaces the global Request/Response (@hono/node-server's
 *   overrideGlobalObjects) for whatever runs after it in the process.
 * A file that changes process-wide state another file could see (a module mock, a global, a singleton's
 * configuration) belongs here; state a test restores in `finally`/`afterEach`/`afterAll` (fake timers, process.env,
 * process.chdir, spies, msw servers) does not, nor do additions to process-wide caches that every reader tolerates:
 * KeyStore.shared() (the same key for the same slot) and CertificateLinks.shared() (random serials).
 * Shared with care: the in-process `attach` (test/cli/attach-*) takes its cards from the process-wide CardRegistry,
 * where a persona's credentials apply only when its card is first issued and PIN counters persist (by design). So each
 * persona an attach test gives credentials to or spends PIN tries on must be used by no other in-process attach test
 * (attach-secrets: P0013, P0014, P0015, P0017).
 */
export const ISOLATED_TEST_FILES: readonly string[] = ["test/onshi/acknowledged-writes.test.ts", "test/onshi/serve-command.test.ts"];

/**
 * Started first, in this order (longest first), so that the workers end together: on a fresh clone Vitest has no
 * durations cached and would start the largest files first. Taken from the "slowest test files" that `npm test`
 * prints; a stale entry only costs a little ordering.
 */
export const SLOW_TEST_FILES_FIRST: readonly string[] = [
  "test/conformance/emulated-reference.test.ts",
  "test/scenarios/scenario-shards.test.ts",
  "test/scenarios/model-based/counter-model.test.ts",
  "test/cli/attach-state.test.ts",
  "test/bench/soak-command.test.ts",
  "test/scenarios/catalogue.test.ts",
  "test/reliability/removal-matrix.test.ts",
  "test/onshi/serve-command.test.ts",
  "test/conformance/report-in-browser.test.ts",
  "test/onshi/durability.test.ts",
  "test/cli/attach-trace.test.ts",
  "test/scenarios/clinic-day-date.test.ts",
  "test/fuzz/journal-lines.fuzz.test.ts",
  "test/scenarios/rule-switchboard.test.ts",
  "test/onshi/cross-process-revocation.test.ts",
]
