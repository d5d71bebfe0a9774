/** Escapes text for XML/HTML content and attribute values. */
export function xmlEscape(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are not allowed in XML 1.0
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");
}
