/** A capability profile that cannot be used: every bad field with its path and message (exit 2 on the command line). */
export class ProfileError extends Error {
  /** `path: message` per bad field. */
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(`capability profile ${file} is not valid:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ProfileError";
    this.problems = problems;
  }
}
