import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** One citation of a repository document (`docs/…md`, optionally `#anchor`) found in a source file. */
export interface DocCitation {
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly anchor?: string;
}

const CITATION = /\bdocs\/[\w./-]+\.md(?:#[\w-]+)?/g;

/** Every `docs/….md[#anchor]` a text cites, with its line. */
export function citationsIn(file: string, text: string): DocCitation[] {
  const out: DocCitation[] = [];
  for (const [index, line] of text.split("\n").entries()) {
    for (const match of line.matchAll(CITATION)) {
      const [target, anchor] = match[0].split("#") as [string, string | undefined];
      out.push({ file, line: index + 1, target, ...(anchor !== undefined ? { anchor } : {}) });
    }
  }
  return out;
}

/** GitHub's anchor for a Markdown heading: lower case, punctuation dropped, spaces to hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors a Markdown document offers: its headings' anchors. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const line of markdown.split("\n")) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) anchors.add(headingAnchor(heading[1] as string));
  }
  return anchors;
}

/** The citations that point at a document missing from `root`, or at a heading the document does not have. */
export function brokenCitations(root: string, citations: readonly DocCitation[]): DocCitation[] {
  const cache = new Map<string, Set<string> | null>();
  const anchors = (target: string): Set<string> | null => {
    if (!cache.has(target)) {
      const full = path.join(root, target);
      cache.set(target, existsSync(full) ? anchorsOf(readFileSync(full, "utf8")) : null);
    }
    return cache.get(target) ?? null;
  };
  return citations.filter((c) => {
    const found = anchors(c.target);
    return found === null || (c.anchor !== undefined && !found.has(c.anchor));
  });
}
