import { statfs } from "node:fs/promises";

/**
 * Linux pseudo file systems (the `f_type` magic numbers of statfs(2)): they hold kernel state, not files a user writes.
 * Creating folders there fails in odd ways (a recursive mkdir on procfs spins for ever), so path flags refuse them.
 */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x73636673, "securityfs"],
  [0x1cd1, "devpts"],
  [0xcafe4a11, "bpf"],
  [0x6165676c, "pstore"],
  [0x62656570, "configfs"],
  [0xde5e81e4, "efivarfs"],
  [0x19800202, "mqueue"],
  [0x6e736673, "nsfs"],
  [0x65735543, "fusectl"],
  [0x42494e4d, "binfmt_misc"],
]);

/**
 * The name of the pseudo file system `existingPath` lies on (`proc`, `sysfs`…), or undefined for an ordinary one.
 * Undefined too where statfs is not available (not Linux): the later checks still catch an unwritable path.
 */
export async function pseudoFileSystemOf(existingPath: string): Promise<string | undefined> {
  try {
    const { type } = await statfs(existingPath);
    return PSEUDO_FILE_SYSTEMS.get(type >>> 0);
  } catch {
    return undefined;
  }
}
