import { describe, expect, test } from "vitest";
import { CATALOGUE } from "../../scenarios/catalogue/catalogue.ts";
import { runScenario } from "../../scenarios/catalogue/run-scenario.ts";

/** Every catalogue entry happens as expected, in-process (scenarios/catalogue). */
describe("the error-case catalogue", () => {
  test("ids are unique and upper-case", () => {
    const ids = CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)*$/);
  });

  test.each(CATALOGUE.map((e) => [e.id, e] as const))("%s", async (_id, entry) => {
    const verdict = await runScenario(entry, { seed: 1 });
    expect(verdict.differences, `seed 1; observed screens ${verdict.observed.screens.join(" → ")}`).toEqual([]);
  }, 20_000);
});
