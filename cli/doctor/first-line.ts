/** The first line of an error's message (native-module errors carry long multi-line require stacks). */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n", 1)[0] ?? "";
}
