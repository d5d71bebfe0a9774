/**
 * The folder-level arrows allowed by `docs/architecture.md`, read from its fenced ```arrows block: one line per folder,
 * `FROM -> TO TO …`, where `*` stands for every `sim/` folder named on the left of the block.
 */
export interface AllowedArrows {
  /** Every folder the block names (the left-hand sides), in order. */
  readonly folders: readonly string[];
  /** For each folder, the folders it may import (itself always allowed). */
  readonly allowed: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A problem with the arrows block itself (missing, a malformed line, an unknown folder on the right). */
export class ArrowsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ArrowsFormatError";
  }
}

/** Parses the ```arrows block of a Markdown document. */
export function parseAllowedArrows(markdown: string): AllowedArrows {
  const block = /```arrows\n([\s\S]*?)```/.exec(markdown);
  if (!block) throw new ArrowsFormatError("docs/architecture.md has no ```arrows block");
  const rows: [string, string[]][] = [];
  for (const [index, raw] of (block[1] ?? "").split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(\S+)\s*->\s*(.*)$/.exec(line);
    if (!match) throw new ArrowsFormatError(`arrows line ${index + 1} is not "FROM -> TO …": ${JSON.stringify(line)}`);
    rows.push([match[1] as string, (match[2] ?? "").split(/\s+/).filter((t) => t !== "")]);
  }
  const folders = rows.map(([from]) => from);
  const simFolders = folders.filter((f) => f.startsWith("sim/"));
  const allowed = new Map<string, Set<string>>();
  for (const [from, targets] of rows) {
    const set = new Set<string>([from]);
    for (const target of targets) {
      if (target === "*") for (const f of simFolders) set.add(f);
      else if (folders.includes(target)) set.add(target);
      else throw new ArrowsFormatError(`arrows: ${from} -> ${target}: ${target} is not a folder of the block`);
    }
    allowed.set(from, set);
  }
  return { folders, allowed };
}
