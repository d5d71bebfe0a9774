import path from "node:path";
import { describe, expect, test } from "vitest";
import { anchorsOf, brokenCitations, citationsIn, headingAnchor } from "../../tools/doc-citations/doc-citations.ts";
import { readSources } from "../../tools/import-direction/import-edges.ts";

const root = path.resolve(import.meta.dirname, "../..");

describe("source comments cite documents that are in the repository", () => {
  test("every docs/….md (and #section) cited from sim, cli, scenarios, conformance, bench, tools and test exists", () => {
    const sources = readSources(root, ["sim", "cli", "scenarios", "conformance", "bench", "tools", "test"]).filter((s) => !s.file.startsWith("test/tools/"));
    const citations = sources.flatMap((s) => citationsIn(s.file, s.text));
    expect(citations.length).toBeGreaterThan(100);
    expect(brokenCitations(root, citations).map((c) => `${c.file}:${c.line} → ${c.target}${c.anchor ? `#${c.anchor}` : ""}`)).toEqual([]);
  });

  test("a citation of a missing page or a missing section is caught", () => {
    const planted = citationsIn("sim/x.ts", "// see docs/domain/no-such-page.md and docs/domain/rules.md#no-such-rule\n// fine: docs/domain/rules.md#revocation");
    expect(brokenCitations(root, planted).map((c) => c.target + (c.anchor ?? ""))).toEqual(["docs/domain/no-such-page.md", "docs/domain/rules.mdno-such-rule"]);
  });

  test("anchors follow GitHub's slugs", () => {
    expect(headingAnchor("Certificate expiry")).toBe("certificate-expiry");
    expect(headingAnchor("PC/SC and vpcd")).toBe("pcsc-and-vpcd");
    expect(anchorsOf("# A\n## Modelled quirks: extended APDUs, antenna position\n")).toContain("modelled-quirks-extended-apdus-antenna-position");
  });
});
