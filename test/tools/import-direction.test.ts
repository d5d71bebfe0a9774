import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { ArrowsFormatError, parseAllowedArrows } from "../../tools/import-direction/allowed-arrows.ts";
import { checkImportDirection } from "../../tools/import-direction/check-import-direction.ts";
import { importEdges, readSources, type SourceFile } from "../../tools/import-direction/import-edges.ts";

const root = path.resolve(import.meta.dirname, "../..");
const arrows = parseAllowedArrows(readFileSync(path.join(root, "docs/architecture.md"), "utf8"));
const repository = readSources(root, arrows.folders);
const check = (sources: readonly SourceFile[]) => checkImportDirection(importEdges(sources, arrows.folders), arrows);
// importEdges goes file by file, so the edges of [...repository, planted] are the repository's (found once: it parses
// every file) followed by the planted file's.
const repositoryEdges = importEdges(repository, arrows.folders);
const checkWithRepository = (planted: SourceFile) => checkImportDirection([...repositoryEdges, ...importEdges([planted], arrows.folders)], arrows);

describe("the import-direction check (docs/architecture.md arrows)", () => {
  test("the repository as it is: every cross-folder import is allowed and sim/ has no cycle", () => {
    const report = checkImportDirection(repositoryEdges, arrows);
    expect(report.forbidden.map((e) => `${e.file}:${e.line} ${e.fromFolder} -> ${e.toFolder}`)).toEqual([]);
    expect(report.cycles).toEqual([]);
    expect(report.graph.get("sim/onshi")?.has("sim/contract")).toBe(true);
  });

  test.each([
    ["the service imports the terminal", "sim/onshi/planted.ts", "../terminal/qualification-terminal.ts", "sim/onshi", "sim/terminal"],
    ["the service imports a card object", "sim/onshi/planted.ts", "../cards/index.ts", "sim/onshi", "sim/cards"],
    ["a card imports a carrier", "sim/cards/planted.ts", "../transport/index.ts", "sim/cards", "sim/transport"],
    ["a phone imports a reader", "sim/phones/planted.ts", "../readers/general-purpose/index.ts", "sim/phones", "sim/readers"],
    ["a reader imports the terminal", "sim/readers/planted.ts", "../terminal/qualification-terminal.ts", "sim/readers", "sim/terminal"],
    ["sim imports the CLI", "sim/station/planted.ts", "../../cli/main.ts", "sim/station", "cli"],
    ["sim imports the scenarios", "sim/terminal/planted.ts", "../../scenarios/seeded-random.ts", "sim/terminal", "scenarios"],
  ])("a planted forbidden arrow fails: %s", (_what, file, specifier, from, to) => {
    const planted: SourceFile = { file, text: `// planted\nimport type { X } from "${specifier}";\n` };
    const report = checkWithRepository(planted);
    expect(report.forbidden).toEqual([{ file, line: 2, specifier, fromFolder: from, toFolder: to }]);
  });

  test("a cycle between folders is reported even when each arrow were allowed", () => {
    const loose = parseAllowedArrows("```arrows\nsim/a -> sim/b\nsim/b -> sim/a\n```\n");
    const sources: SourceFile[] = [
      { file: "sim/a/x.ts", text: 'import { y } from "../b/y.ts";' },
      { file: "sim/b/y.ts", text: 'export const y = 1;\nimport { x } from "../a/x.ts";' },
    ];
    const report = checkImportDirection(importEdges(sources, loose.folders), loose);
    expect(report.forbidden).toEqual([]);
    expect(report.cycles).toEqual([["sim/a", "sim/b", "sim/a"]]);
  });

  test("imports in comments and strings are not edges; dynamic imports and re-exports are", () => {
    const sources: SourceFile[] = [
      { file: "sim/cards/a.ts", text: '// import { x } from "../transport/index.ts";\nconst s = "from \'../readers/x.ts\'";\nexport { s };' },
      { file: "sim/cards/b.ts", text: 'export { t } from "../transport/index.ts";\nconst m = await import("../terminal/x.ts");' },
    ];
    expect(check(sources).forbidden.map((e) => `${e.file}:${e.line} ${e.toFolder}`)).toEqual(["sim/cards/b.ts:1 sim/transport", "sim/cards/b.ts:2 sim/terminal"]);
  });

  test("a malformed arrows block is refused with the line", () => {
    expect(() => parseAllowedArrows("no block here")).toThrow(ArrowsFormatError);
    expect(() => parseAllowedArrows("```arrows\nsim/a => sim/b\n```")).toThrow(/line 1/);
    expect(() => parseAllowedArrows("```arrows\nsim/a -> sim/zz\n```")).toThrow(/sim\/zz is not a folder/);
  });
});
