import { closeSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import path from "node:path";
import type { CertificateKind } from "./certificate-kind.ts";
import { revocationReasonCodes, type RevocationReason } from "./revocation-reason.ts";
import { normalizeSerialNumber } from "./_internals/serial-number.ts";

/** A revocation as the log holds it. */
export interface SharedRevocation {
  /** The authority's name (the O= of its DNs). */
  authority: string;
  kind: CertificateKind;
  /** Normalised serial number (lower-case hex, no leading 00). */
  serialNumber: string;
  date: Date;
  reason: RevocationReason;
  /** The revoked certificate's notAfter: the entry can be dropped {@link REVOCATION_RETENTION_MS} after it. */
  notAfter: Date;
}

/**
 * MODELLED: how long after the certificate's notAfter a log entry is kept. Longer than any grace (a card's 3 months,
 * docs/domain/rules.md "Certificate expiry"): by then the certificate is refused as expired whatever the log says.
 */
export const REVOCATION_RETENTION_MS = 366 * 86_400_000;

/** Compaction runs when at least this many dropped-able entries are in the file and they outnumber the live ones. */
const COMPACT_MIN_EXPIRED = 64;
/** A lock file older than this is taken to be left by a crashed process. */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 2_000;

const logs = new Map<string, RevocationLog>();
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

function entryKey(authority: string, kind: CertificateKind, serialNumber: string): string {
  return `${authority}\u0000${kind}\u0000${serialNumber}`;
}

/** One line of the file, or undefined when it is not an entry (a torn or foreign line is skipped, never fatal). */
function parseLine(line: string): SharedRevocation | undefined {
  try {
    const raw = JSON.parse(line) as Record<string, unknown>;
    const { authority, kind, serialNumber, date, reason, notAfter } = raw;
    if (typeof authority !== "string" || (kind !== "auth" && kind !== "sign") || typeof serialNumber !== "string") return undefined;
    if (typeof reason !== "string" || !(reason in revocationReasonCodes) || typeof date !== "string" || typeof notAfter !== "string") return undefined;
    const when = new Date(date);
    const end = new Date(notAfter);
    if (Number.isNaN(when.getTime()) || Number.isNaN(end.getTime())) return undefined;
    return { authority, kind, serialNumber: normalizeSerialNumber(serialNumber), date: when, reason: reason as RevocationReason, notAfter: end };
  } catch {
    return undefined;
  }
}

function formatLine(entry: SharedRevocation): string {
  return `${JSON.stringify({
    authority: entry.authority,
    kind: entry.kind,
    serialNumber: entry.serialNumber,
    date: entry.date.toISOString(),
    reason: entry.reason,
    notAfter: entry.notAfter.toISOString(),
  })}\n`;
}

/**
 * MODELLED: the revocations the test JPKI shares between processes (docs/domain/rules.md "How the simulator shares
 * revocation between processes"): an append-only JSON-lines file next to the key cache (`revocations.jsonl`), one
 * revocation a line, each appended with fdatasync under a lock file. Every authority of any process reads it when it
 * checks a certificate, re-reading only what was appended since (it stats the file: size, inode, mtime). Entries carry
 * the certificate's notAfter and are dropped {@link REVOCATION_RETENTION_MS} after it: a process that finds many such
 * entries rewrites the file without them (under the lock, through a temporary file and rename). One instance per file
 * per process ({@link RevocationLog.at}).
 */
export class RevocationLog {
  readonly #entries = new Map<string, SharedRevocation>();
  #offset = 0;
  /** The file read so far (device and inode; -1: none yet): another one means it was replaced (compacted). */
  #dev = -1;
  #ino = -1;
  #expired = 0;

  private constructor(
    /** The file. */
    readonly file: string,
  ) {}

  /** The process's log for `file` (created on first use; the file itself only on the first append). */
  static at(file: string): RevocationLog {
    const resolved = path.resolve(file);
    let log = logs.get(resolved);
    if (log === undefined) {
      log = new RevocationLog(resolved);
      logs.set(resolved, log);
    }
    return log;
  }

  /** The shared revocation of a serial of `authority`'s `kind` CA, if any (after reading what was appended). */
  lookup(authority: string, kind: CertificateKind, serialNumber: string): SharedRevocation | undefined {
    this.#refresh();
    return this.#entries.get(entryKey(authority, kind, serialNumber));
  }

  /** Every shared revocation of `authority`'s `kind` CA. */
  list(authority: string, kind: CertificateKind): SharedRevocation[] {
    this.#refresh();
    return [...this.#entries.values()].filter((e) => e.authority === authority && e.kind === kind);
  }

  /**
   * Appends a revocation durably (write + fdatasync; the directory is fsynced when the file is created) and records it
   * here at once. Throws when the file cannot be written: a revocation other processes would not see must not pass
   * silently.
   */
  append(entry: SharedRevocation): void {
    const normalized = { ...entry, serialNumber: normalizeSerialNumber(entry.serialNumber) };
    const directory = path.dirname(this.file);
    mkdirSync(directory, { recursive: true });
    this.#locked(true, () => {
      let created = false;
      try {
        statSync(this.file);
      } catch {
        created = true;
      }
      const fd = openSync(this.file, "a", 0o600);
      try {
        writeSync(fd, formatLine(normalized));
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (created) syncDirectory(directory);
    });
    this.#entries.set(entryKey(normalized.authority, normalized.kind, normalized.serialNumber), normalized);
  }

  /** Reads the lines appended since the last read; the whole file again when it was replaced or shrank. */
  #refresh(): void {
    let stats;
    try {
      stats = statSync(this.file, { throwIfNoEntry: false });
    } catch {
      return; // cannot be read: nothing shared
    }
    if (stats === undefined) return; // no file yet: nothing shared
    const sameFile = stats.ino === this.#ino && stats.dev === this.#dev;
    if (sameFile && stats.size === this.#offset) return;
    if (!sameFile || stats.size < this.#offset) {
      this.#entries.clear();
      this.#offset = 0;
      this.#expired = 0;
      this.#dev = stats.dev;
      this.#ino = stats.ino;
    }
    let tail: Buffer;
    try {
      tail = readFrom(this.file, this.#offset, stats.size - this.#offset);
    } catch {
      return;
    }
    const end = tail.lastIndexOf(0x0a) + 1; // a line still being written is read next time
    if (end === 0) return;
    const now = Date.now();
    for (const line of tail.subarray(0, end).toString("utf8").split("\n")) {
      if (line === "") continue;
      const entry = parseLine(line);
      if (entry === undefined) continue;
      if (entry.notAfter.getTime() + REVOCATION_RETENTION_MS < now) {
        this.#expired++;
        continue;
      }
      this.#entries.set(entryKey(entry.authority, entry.kind, entry.serialNumber), entry);
    }
    this.#offset += end;
    if (this.#expired >= COMPACT_MIN_EXPIRED && this.#expired > this.#entries.size) this.#compact();
  }

  /** Rewrites the file without the entries past their retention (skipped when the lock is busy). */
  #compact(): void {
    this.#locked(false, () => {
      const now = Date.now();
      const kept = readFileSync(this.file, "utf8")
        .split("\n")
        .map(parseLine)
        .filter((e): e is SharedRevocation => e !== undefined && e.notAfter.getTime() + REVOCATION_RETENTION_MS >= now);
      const temporary = `${this.file}.${process.pid}.compact`;
      const fd = openSync(temporary, "w", 0o600);
      try {
        writeSync(fd, kept.map(formatLine).join(""));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.file);
      syncDirectory(path.dirname(this.file));
    });
    // The next lookup sees the new inode and reads the compacted file from the start.
  }

  /** Runs `action` holding `<file>.lock` (exclusive create). `required`: wait for it (then break a stale one); else skip. */
  #locked(required: boolean, action: () => void): void {
    const lock = `${this.file}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    let fd: number | undefined;
    for (;;) {
      try {
        fd = openSync(lock, "wx", 0o600);
        break;
      } catch (error) {
        if (errorCode(error) !== "EEXIST") throw error;
        if (!required) return;
        let age: number;
        try {
          age = Date.now() - statSync(lock).mtimeMs;
        } catch {
          continue; // released meanwhile
        }
        if (age > STALE_LOCK_MS || Date.now() > deadline) {
          try {
            unlinkSync(lock);
          } catch {
            // released or broken meanwhile
          }
          continue;
        }
        Atomics.wait(sleeper, 0, 0, 5);
      }
    }
    try {
      action();
    } finally {
      closeSync(fd);
      try {
        unlinkSync(lock);
      } catch {
        // already broken as stale by another process
      }
    }
  }
}

/** `length` bytes of `file` from `offset` (fewer when the file is shorter). */
function readFrom(file: string, offset: number, length: number): Buffer {
  const buffer = Buffer.alloc(Math.max(0, length));
  const fd = openSync(file, "r");
  try {
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(directory: string): void {
  try {
    const fd = openSync(directory, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // platforms that cannot open a directory: the file's own fsync is what we have
  }
}
