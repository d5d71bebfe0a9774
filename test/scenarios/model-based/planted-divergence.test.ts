import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { counterModelProperty } from "../../../scenarios/model/counter-model-property.ts";
import { ModelFixtures } from "../../../scenarios/model/model-fixtures.ts";
import { RuleSwitchboard, type RuleName } from "../../../sim/rules/index.ts";

/**
 * The model-based suite catches a planted bug: with a rule switched off in the real counter (sim/rules) while the model
 * keeps it, the property must fail, and fast-check must shrink the counterexample to a few commands. The shrunk
 * sequence is printed (seed and path included) so it can be quoted and replayed.
 */
const seed = process.env["MYNA_MODEL_SEED"] !== undefined ? Number(process.env["MYNA_MODEL_SEED"]) : Math.floor(Math.random() * 0x7fffffff);

describe("a planted divergence is caught and shrunk", () => {
  let fixtures: ModelFixtures;

  beforeAll(async () => {
    fixtures = await ModelFixtures.open();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
  }, 120_000);

  afterAll(async () => {
    vi.useRealTimers();
    await fixtures.close();
  });

  const planted: RuleName[] = ["guidance-on-premature-tap", "phone-button-needs-general-purpose-reader"];
  for (const rule of planted) {
    it(`rule "${rule}" switched off in the counter: the property fails with a short counterexample`, async () => {
      const property = counterModelProperty({ fixtures, advanceTimers: (ms) => vi.advanceTimersByTime(ms), rules: RuleSwitchboard.without(rule) });
      const details = await fc.check(property, { seed, numRuns: 500 });
      expect(details.failed, `seed ${seed}: the planted bug went unnoticed`).toBe(true);
      const counterexample = details.counterexample;
      if (counterexample === null) throw new Error("no counterexample");
      const [config, , commands] = counterexample;
      // fast-check's wrappers mark the commands that ran before the divergence (the rest were never reached).
      const steps = [...commands].filter((c) => (c as { hasRan?: boolean }).hasRan !== false).map((c) => c.toString());
      console.log(
        `planted "${rule}" off — seed ${seed}, path ${details.counterexamplePath ?? "-"}, shrunk to ${steps.length} command(s):\n` +
          `  config: ${JSON.stringify(config)}\n  commands: [${steps.join(", ")}]\n  ${details.errorInstance instanceof Error ? details.errorInstance.message.split("\n")[0] : ""}`,
      );
      expect(steps.length).toBeLessThanOrEqual(5);
    }, 300_000);
  }
});
