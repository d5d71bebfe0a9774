import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One import that crosses from one folder to another. */
export interface ImportEdge {
  /** The importing file, relative to the root (POSIX separators). */
  readonly file: string;
  /** 1-based line of the import. */
  readonly line: number;
  /** The specifier as written. */
  readonly specifier: string;
  readonly fromFolder: string;
  readonly toFolder: string;
}

/** A source file as the check sees it: its path relative to the root, and its text. */
export interface SourceFile {
  readonly file: string;
  readonly text: string;
}

const SOURCE = /\.(?:ts|mts|cts|mjs|js|cjs)$/;
const SKIP = new Set(["node_modules", ".git", "reports", ".cache", "dist"]);

/** Every source file under `root`'s `roots` folders. */
export function readSources(root: string, roots: readonly string[]): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (SKIP.has(entry.name)) continue;
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (SOURCE.test(entry.name)) out.push({ file: rel, text: readFileSync(path.join(root, rel), "utf8") });
    }
  };
  for (const r of new Set(roots.map((f) => f.split("/")[0] as string))) walk(r);
  return out;
}

/** The folder (one of `folders`, longest match) a root-relative path belongs to, if any. */
export function folderOf(file: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const folder of folders) if ((file === folder || file.startsWith(`${folder}/`)) && (best === undefined || folder.length > best.length)) best = folder;
  return best;
}

/**
 * The relative imports (static, dynamic, re-exports, `import type`) of every file that leave its folder, found with
 * TypeScript's own pre-processor, so comments and strings that look like imports are not counted.
 */
export function importEdges(sources: readonly SourceFile[], folders: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const { file, text } of sources) {
    const fromFolder = folderOf(file, folders);
    if (fromFolder === undefined) continue;
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith(".")) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), ref.fileName));
      const toFolder = folderOf(target, folders);
      if (toFolder === undefined || toFolder === fromFolder) continue;
      const line = ts.getLineAndCharacterOfPosition(ts.createSourceFile(file, text, ts.ScriptTarget.Latest), ref.pos).line + 1;
      edges.push({ file, line, specifier: ref.fileName, fromFolder, toFolder });
    }
  }
  return edges;
}
