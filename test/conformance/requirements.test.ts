import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_REQUIREMENTS, REQUIREMENTS } from "../../conformance/requirements/catalogue.ts";
import { MUTANTS } from "../../conformance/mutants/mutants.ts";
import { SCENARIO } from "../../conformance/observations/scenario-ids.ts";
import { SCENARIOS } from "../../conformance/emulated/scenario-catalogue.ts";

/** GitHub-style anchor of a markdown heading. */
function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^a-z0-9 -]/g, "").replace(/ /g, "-");
}

describe("the requirement catalogue", () => {
  it("has at least 25 numbered requirements with stable, unique IDs per role", () => {
    expect(REQUIREMENTS.length).toBeGreaterThanOrEqual(25);
    const ids = REQUIREMENTS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of REQUIREMENTS) {
      const prefix = { host: "HOST", facr: "FACR", "oqs-client": "OQS" }[r.role];
      expect(r.id).toMatch(new RegExp(`^MYNA-${prefix}-\\d{3}$`));
      expect(r.statement.length).toBeGreaterThan(10);
      expect(r.scenarios.length).toBeGreaterThan(0);
    }
  });

  it("cites an existing docs/domain page (and section) and a public source for each requirement (reader-level ones too)", () => {
    for (const r of ALL_REQUIREMENTS) {
      expect(r.sources.length, r.id).toBeGreaterThan(0);
      for (const s of r.sources) {
        const [file, section] = s.page.split("#") as [string, string | undefined];
        expect(existsSync(file), `${r.id}: ${file}`).toBe(true);
        if (section !== undefined) {
          const anchors = readFileSync(file, "utf8").split("\n").filter((l) => l.startsWith("#")).map((l) => anchor(l.replace(/^#+/, "")));
          expect(anchors, `${r.id}: ${s.page}`).toContain(section);
        }
        expect(s.reference.length).toBeGreaterThan(3);
      }
    }
  });

  it("names only scenarios the emulated DUT plays", () => {
    const played = new Set(SCENARIOS.map((s) => s.id));
    expect([...played].sort()).toEqual(Object.values(SCENARIO).sort());
    for (const r of REQUIREMENTS) for (const id of r.scenarios) expect(played.has(id as never), `${r.id}: ${id}`).toBe(true);
  });

  it("gives every mutant a requirement that exists", () => {
    for (const m of MUTANTS) expect(REQUIREMENTS.map((r) => r.id)).toContain(m.kills);
  });
});
