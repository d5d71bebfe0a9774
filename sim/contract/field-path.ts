/**
 * A field path (a zod issue's `path`) as text, unambiguous for any key: plain names and array indices joined with
 * dots (`mutants.0.kills`), any other key quoted as JSON in brackets (`mutants.3.env[":"]`, `env["a.b"]`, `x["0"]` for
 * a key that only looks like an index). Error messages of the service, the journal, capability profiles and incident
 * files use it; {@link parseFieldPath} reads it back.
 */

const PLAIN = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** The path as text ("" for the empty path). */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number" && Number.isInteger(key) && key >= 0) text += text === "" ? String(key) : `.${key}`;
    else if (typeof key === "string" && PLAIN.test(key)) text += text === "" ? key : `.${key}`;
    else text += `[${JSON.stringify(typeof key === "symbol" ? String(key) : String(key))}]`;
  }
  return text;
}

/** The keys of a {@link formatFieldPath} text (indices as numbers), or undefined when the text is not one. */
export function parseFieldPath(text: string): (string | number)[] | undefined {
  const keys: (string | number)[] = [];
  let at = 0;
  while (at < text.length) {
    if (text[at] === "[") {
      const end = closingBracket(text, at);
      if (end === undefined) return undefined;
      keys.push(JSON.parse(text.slice(at + 1, end)) as string);
      at = end + 1;
      continue;
    }
    if (keys.length > 0) {
      if (text[at] !== ".") return undefined;
      at++;
    }
    const match = /^(\d+|[A-Za-z_$][A-Za-z0-9_$-]*)/.exec(text.slice(at));
    if (match === null) return undefined;
    const token = match[1] as string;
    keys.push(/^\d+$/.test(token) ? Number(token) : token);
    at += token.length;
  }
  return keys;
}

/** The index of the `]` closing the JSON string that starts at `open + 1`, or undefined. */
function closingBracket(text: string, open: number): number | undefined {
  if (text[open + 1] !== '"') return undefined;
  for (let i = open + 2; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return text[i + 1] === "]" ? i + 1 : undefined;
  }
  return undefined;
}
