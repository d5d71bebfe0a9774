import { describe, expect, test } from "vitest";
import { RULE_NAMES, RuleSwitchboard } from "../../sim/rules/index.ts";
import { CATALOGUE } from "../../scenarios/catalogue/catalogue.ts";
import { runScenario } from "../../scenarios/catalogue/run-scenario.ts";

/**
 * A catalogue that cannot fail is no harness: each rule switched off in turn must make at least one named entry fail
 * (the entries that declare the rule). Prints the table rule → entries that caught it.
 */
describe("the rule switchboard", () => {
  test("all rules on by default; with() switches one off; unknown names refused", () => {
    expect(RuleSwitchboard.ALL_ON.off).toEqual([]);
    const broken = RuleSwitchboard.with({ "phone-no-grace": false });
    expect(broken.isOn("phone-no-grace")).toBe(false);
    expect(broken.off).toEqual(["phone-no-grace"]);
    expect(() => RuleSwitchboard.with({ "no-such-rule": false } as never)).toThrow(RangeError);
  });

  const table: string[] = [];
  test.each(RULE_NAMES.map((r) => [r] as const))("switching off %s makes a named entry fail", async (rule) => {
    const relying = CATALOGUE.filter((e) => e.rules?.includes(rule));
    expect(relying.length, `no entry declares ${rule}`).toBeGreaterThan(0);
    const caught: string[] = [];
    for (const entry of relying) {
      const verdict = await runScenario(entry, { seed: 1, rules: RuleSwitchboard.without(rule) });
      if (!verdict.passed) caught.push(`${entry.id} (${verdict.differences[0] ?? ""})`);
    }
    table.push(`${rule.padEnd(44)} ${caught.join(", ") || "NOT CAUGHT"}`);
    console.log(`rule off: ${rule} → caught by ${caught.join(", ") || "nothing"}`);
    expect(caught.length, `${rule} switched off, yet every entry relying on it still passed`).toBeGreaterThan(0);
  }, 30_000);
});
