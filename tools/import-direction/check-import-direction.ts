import type { AllowedArrows } from "./allowed-arrows.ts";
import type { ImportEdge } from "./import-edges.ts";

/** What the check found. */
export interface ImportDirectionReport {
  /** Imports along an arrow the architecture does not allow. */
  readonly forbidden: readonly ImportEdge[];
  /** Cycles between folders, each as the folders in order (first repeated at the end). */
  readonly cycles: readonly string[][];
  /** Folder-level graph actually found: from → to → number of imports. */
  readonly graph: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Checks every cross-folder import against the allowed arrows, and the folder graph for cycles. */
export function checkImportDirection(edges: readonly ImportEdge[], arrows: AllowedArrows): ImportDirectionReport {
  const graph = new Map<string, Map<string, number>>();
  const forbidden: ImportEdge[] = [];
  for (const edge of edges) {
    const targets = graph.get(edge.fromFolder) ?? new Map<string, number>();
    targets.set(edge.toFolder, (targets.get(edge.toFolder) ?? 0) + 1);
    graph.set(edge.fromFolder, targets);
    if (!arrows.allowed.get(edge.fromFolder)?.has(edge.toFolder)) forbidden.push(edge);
  }
  return { forbidden, cycles: findCycles(graph), graph };
}

/** Strongly connected components with more than one folder (Tarjan), each closed into a loop for display. */
function findCycles(graph: ReadonlyMap<string, ReadonlyMap<string, number>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push([...component.reverse(), component[0] as string]);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}
