/** What a light scan of a document's element tags found. */
export interface XmlOutline {
  /** The deepest element nesting seen. */
  maxDepth: number;
  /** The elements still open at the end of the text, outermost first (empty for a complete document). */
  open: string[];
}

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)[^<>]*?(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>/g;

/**
 * Scans the element tags of a (small, size-checked) text without building anything: how deep the elements nest and
 * which are still open at the end. Used to word the errors of a request file in our terms (an element left open, a
 * nesting too deep) rather than the parser's, and to refuse deep nesting before the parser sees it. Comments, CDATA
 * and processing instructions are skipped; a mismatched closing tag pops its element anyway (the validator reports it).
 */
export function xmlOutline(source: string): XmlOutline {
  const open: string[] = [];
  let maxDepth = 0;
  for (const match of source.matchAll(TAG)) {
    const [, closing, name, selfClosing] = match;
    if (name === undefined) continue;
    if (closing === "/") {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
    } else if (selfClosing !== "/") {
      open.push(name);
      maxDepth = Math.max(maxDepth, open.length);
    } else {
      maxDepth = Math.max(maxDepth, open.length + 1);
    }
  }
  return { maxDepth, open };
}
