/**
 * `npm run check:imports`: fails (exit 1) when an import runs along an arrow `docs/architecture.md` does not allow, or
 * when folders import each other in a cycle. Prints each offending import with its file and line.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllowedArrows } from "./allowed-arrows.ts";
import { checkImportDirection } from "./check-import-direction.ts";
import { importEdges, readSources } from "./import-edges.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const arrows = parseAllowedArrows(readFileSync(path.join(root, "docs/architecture.md"), "utf8"));
const edges = importEdges(readSources(root, arrows.folders), arrows.folders);
const report = checkImportDirection(edges, arrows);
for (const edge of report.forbidden) {
  console.error(`${edge.file}:${edge.line}: ${edge.fromFolder} -> ${edge.toFolder} is not an allowed arrow (import "${edge.specifier}")`);
}
for (const cycle of report.cycles) console.error(`cycle between folders: ${cycle.join(" -> ")}`);
if (report.forbidden.length > 0 || report.cycles.length > 0) {
  console.error(`import direction: ${report.forbidden.length} forbidden import(s), ${report.cycles.length} cycle(s); allowed arrows: docs/architecture.md`);
  process.exitCode = 1;
} else {
  const arrowsUsed = [...report.graph.values()].reduce((n, m) => n + m.size, 0);
  console.log(`import direction: ${edges.length} cross-folder imports along ${arrowsUsed} arrows, all allowed; no cycles`);
}
