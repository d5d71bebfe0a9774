import { delimiter } from "node:path";

/** Everything the doctor checks look at. Tests replace the paths with fixture files and `importModule` with a stub. */
export interface DoctorEnvironment {
  /** Node's version without the `v`, e.g. `20.20.0`. */
  readonly nodeVersion: string;
  /** Directories of `PATH`, in order. */
  readonly searchPath: readonly string[];
  /** Where pcscd is looked for before `PATH` (Debian puts it in /usr/sbin, often not on a user's PATH). */
  readonly pcscdCandidates: readonly string[];
  /** pcscd's client socket (`PCSCLITE_CSOCK_NAME` overrides it, as it does for libpcsclite). */
  readonly pcscdSocket: string;
  /** The proc file system: `net/tcp`, `net/tcp6`, `<pid>/comm`, `<pid>/cmdline`. */
  readonly procDir: string;
  /** pcsc-lite's reader configuration directory. */
  readonly readerConfDir: string;
  /** Dynamic `import()`, for the optional native packages. */
  importModule(specifier: string): Promise<unknown>;
}

/** The environment of this machine and process. */
export function systemDoctorEnvironment(env: NodeJS.ProcessEnv = process.env): DoctorEnvironment {
  return {
    nodeVersion: process.versions.node,
    searchPath: (env["PATH"] ?? "").split(delimiter).filter((dir) => dir !== ""),
    pcscdCandidates: ["/usr/sbin/pcscd", "/usr/local/sbin/pcscd"],
    pcscdSocket: env["PCSCLITE_CSOCK_NAME"] || "/run/pcscd/pcscd.comm",
    procDir: "/proc",
    readerConfDir: "/etc/reader.conf.d",
    importModule: (specifier) => import(specifier),
  };
}
