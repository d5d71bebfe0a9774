import { type FSWatcher, watch } from "node:fs";
import { mkdir, readdir, rename } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { InsuranceQueryRequest } from "../../contract/insurance-query-request.ts";
import type { QualificationResult } from "../../contract/qualification-result.ts";
import type { QualificationService } from "../../contract/qualification-service.ts";
import { classifyServiceFailure } from "../service-failure.ts";
import { OqsRequestError } from "./oqs-request-error.ts";
import { parseRequestXml } from "./oqs-request-xml.ts";
import { buildErrorResultXml, buildResultXml } from "./oqs-result-xml.ts";
import { type RequestFileIdentity, readRequestFile, requestFileIdentity, sameIdentity } from "./request-file-read.ts";
import type { ResFolder } from "./res-folder.ts";

/** What happened to one request file. */
export type RequestOutcome =
  | { file: string; status: "answered"; resultFile: string }
  | { file: string; status: "rejected"; resultFile: string; code: string; field: string; message: string }
  | { file: string; status: "deferred"; reason: string };

/** Options of a {@link RequestFolder}. */
export interface RequestFolderOptions {
  /** The REQ folder the receipt computer drops `OQSsiquc01req_*.xml` into. */
  path: string;
  res: ResFolder;
  service: QualificationService;
  /** This terminal's medical institution code: requests for another facility are rejected. */
  medicalInstitutionCode: string;
  now?: () => Date;
  /**
   * How many times a request is tried while the service is unreachable (network, time-out, 5xx) or the file cannot
   * be read, one try per scan, before it gets an error result (E-SERVICE / E-FILE). Default 5.
   */
  maxAttempts?: number;
  /**
   * A file that is not (yet) well-formed XML is answered as malformed only once its size and mtime have stayed the same
   * over two scans at least this many ms apart (it may be a file still being written). Default 2000.
   */
  settleMs?: number;
  /**
   * Told about everything that keeps a request from being answered now or went wrong around it: each failed try at
   * the service, a file that cannot be read, a result that cannot be written or a request that cannot be moved, a
   * failed scan, a watcher error. Messages name the file. Default: one line on stderr.
   */
  onError?: (error: Error) => void;
}

const REQUEST_FILE = /^OQSsiquc01req_[A-Za-z0-9_.-]{1,100}\.xml$/;

/** An answer decided for a file but not yet written (a write failed): written on the next scan, never asked again. */
type Settlement = { kind: "answer"; result: QualificationResult } | { kind: "reject"; error: OqsRequestError; arbitraryFileIdentifier?: string };

/** What the folder remembers about one request file between scans (forgotten once the file is gone). */
interface FileMemo {
  identity: RequestFileIdentity;
  /** The scan in which this identity (inode, size, mtime) was first seen, and when (monotonic ms). */
  firstScan: number;
  firstSeenAt: number;
  /** Failed tries (service unreachable, file unreadable) with this identity. */
  attempts: number;
  settlement?: Settlement;
  /** Answered (result written) but could not be moved out of the folder: not processed again. */
  settled?: boolean;
}

/** `insurerNumber` (the service's JSON field) → `InsurerNumber` (the request element); the names match but for case. */
const elementOf = (field: string | undefined): string => (field === undefined || field === "body" || field === "" ? "XmlMsg" : `${field.charAt(0).toUpperCase()}${field.slice(1)}`);

/**
 * Answers single-query request files (insurance-data queries, ReferenceClassification 2) dropped into the REQ folder:
 * each valid request is asked of the service and answered with `OQSsiquc01res_<same suffix>.xml` in the RES folder;
 * one that cannot be answered gets an error result file (SegmentOfResult 9) naming the file and the bad element.
 * Answered requests move to `done/`, rejected ones to `error/` (docs/domain/oqs-files.md, "Modelled here").
 *
 * - Only regular files are read (no symlink followed, no FIFO or device opened), size-checked before reading; any
 *   other entry named like a request gets an error result (E-FILE) and is moved to `error/`.
 * - Writers should write under another name (e.g. a leading `.` or a `.tmp` suffix, both ignored) and rename into
 *   place. As a safety net, a file that is not well-formed XML yet is answered only once its size and mtime stayed the
 *   same over two scans at least `settleMs` apart: a half-written request is answered when complete.
 * - A request the service could not answer (unreachable, time-out, 5xx) stays and is tried again on the next scan,
 *   at most `maxAttempts` times, then gets an error result (E-SERVICE). A refusal (4xx: a bad field, credentials) is
 *   answered at once with an error result naming the service's code and message (E-REFUSED).
 * - Errors are never swallowed: they go to `onError`.
 * What the folder remembers between scans (attempts, first sight) lives in memory: a restart starts the count afresh.
 */
export class RequestFolder {
  private readonly options: RequestFolderOptions;
  private scanning: Promise<RequestOutcome[]> | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly memos = new Map<string, FileMemo>();
  private scans = 0;

  constructor(options: RequestFolderOptions) {
    this.options = options;
  }

  /** Processes every request file present now, oldest name first. Concurrent calls share one scan. */
  processOnce(): Promise<RequestOutcome[]> {
    this.scanning ??= this.scan().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  /** Watches the folder (fs events plus a periodic scan every `intervalMs`, in case events are missed) until {@link close}. */
  async watch(onOutcome: (o: RequestOutcome) => void, intervalMs = 1000): Promise<void> {
    await mkdir(this.options.path, { recursive: true });
    const kick = () => {
      void this.processOnce().then(
        (outcomes) => outcomes.forEach(onOutcome),
        (error: unknown) => this.report(error, "scan failed"),
      );
    };
    this.watcher = watch(this.options.path, kick);
    this.watcher.on("error", (error) => this.report(error, "watcher failed"));
    this.timer = setInterval(kick, intervalMs);
    kick();
  }

  /** Stops watching (a scan in progress completes). */
  async close(): Promise<void> {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    await this.scanning?.catch(() => undefined);
  }

  private report(error: unknown, context: string): void {
    const message = `${context}: ${error instanceof Error ? error.message : String(error)}`;
    const onError = this.options.onError ?? ((e: Error) => void process.stderr.write(`REQ folder ${this.options.path}: ${e.message}\n`));
    onError(new Error(message, { cause: error }));
  }

  private async scan(): Promise<RequestOutcome[]> {
    const { path } = this.options;
    const scan = ++this.scans;
    await mkdir(path, { recursive: true });
    const names = (await readdir(path)).filter((n) => REQUEST_FILE.test(n)).sort();
    const present = new Set(names);
    for (const name of [...this.memos.keys()]) if (!present.has(name)) this.memos.delete(name);
    const outcomes: RequestOutcome[] = [];
    for (const name of names) {
      try {
        const outcome = await this.processFile(name, scan);
        if (outcome !== undefined) outcomes.push(outcome);
      } catch (error) {
        this.report(error, name);
        outcomes.push({ file: name, status: "deferred", reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return outcomes;
  }

  /** One request file: undefined when there is nothing to do (gone, or answered but stuck in the folder). */
  private async processFile(name: string, scan: number): Promise<RequestOutcome | undefined> {
    const file = join(this.options.path, name);
    const identity = await requestFileIdentity(file);
    if (identity === undefined) {
      this.memos.delete(name);
      return undefined;
    }
    const memo = this.memoFor(name, identity, scan);
    if (memo.settled === true) return undefined;
    if (memo.settlement !== undefined) return this.settle(name, memo, memo.settlement);

    let request: InsuranceQueryRequest;
    try {
      const read = await readRequestFile(file);
      if (read === undefined) {
        this.memos.delete(name);
        return undefined;
      }
      request = parseRequestXml(read.text);
      if (request.medicalInstitutionCode !== this.options.medicalInstitutionCode) {
        throw new OqsRequestError("E-FACILITY", "MedicalInstitutionCode", "is not this terminal's facility");
      }
    } catch (error) {
      if (!(error instanceof OqsRequestError)) return this.failedTry(name, memo, "E-FILE", "cannot be read", error);
      const settleMs = this.options.settleMs ?? 2000;
      if (error.incomplete && (scan === memo.firstScan || performance.now() - memo.firstSeenAt < settleMs)) {
        return { file: name, status: "deferred", reason: `may still be being written (${error.message}); answered once unchanged for ${settleMs} ms` };
      }
      return this.settle(name, memo, { kind: "reject", error });
    }

    let result: QualificationResult;
    try {
      result = await this.options.service.queryInsurance(request);
    } catch (error) {
      const failure = classifyServiceFailure(error);
      if (failure.kind === "unreachable") return this.failedTry(name, memo, "E-SERVICE", "online qualification service unreachable", error, failure.reason);
      const refusal = new OqsRequestError("E-REFUSED", elementOf(failure.field), `the service refused the query (${failure.reason})`);
      return this.settle(name, memo, { kind: "reject", error: refusal, ...(request.arbitraryFileIdentifier !== undefined ? { arbitraryFileIdentifier: request.arbitraryFileIdentifier } : {}) });
    }
    return this.settle(name, memo, { kind: "answer", result });
  }

  /** The memo of `name`, fresh when the file is new or changed since the last scan. */
  private memoFor(name: string, identity: RequestFileIdentity, scan: number): FileMemo {
    const known = this.memos.get(name);
    if (known !== undefined && sameIdentity(known.identity, identity)) return known;
    const memo: FileMemo = { identity, firstScan: scan, firstSeenAt: performance.now(), attempts: 0 };
    this.memos.set(name, memo);
    return memo;
  }

  /** A failed try (service unreachable, file unreadable): deferred, or after `maxAttempts` an error result. */
  private failedTry(name: string, memo: FileMemo, code: string, what: string, error: unknown, reason = error instanceof Error ? error.message : String(error)): Promise<RequestOutcome> | RequestOutcome {
    const maxAttempts = this.options.maxAttempts ?? 5;
    memo.attempts++;
    this.report(error, `${name}: ${what} (try ${memo.attempts} of ${maxAttempts}): ${reason}`);
    if (memo.attempts < maxAttempts) return { file: name, status: "deferred", reason: `${what}: ${reason}` };
    return this.settle(name, memo, { kind: "reject", error: new OqsRequestError(code, "XmlMsg", `${what} after ${maxAttempts} attempts (last: ${reason})`) });
  }

  /** Writes the decided answer and moves the request out of the folder; a failed write is tried again next scan. */
  private async settle(name: string, memo: FileMemo, settlement: Settlement): Promise<RequestOutcome> {
    const { res, medicalInstitutionCode } = this.options;
    const at = this.options.now?.() ?? new Date();
    memo.settlement = settlement;
    let resultFile: string;
    try {
      resultFile =
        settlement.kind === "answer"
          ? await res.writeRequestResult(name, buildResultXml(settlement.result, { at }))
          : await res.writeRequestResult(
              name,
              buildErrorResultXml({
                medicalInstitutionCode,
                referenceClassification: "2",
                errorCode: settlement.error.code,
                errorMessage: `${name}: ${settlement.error.message}`,
                at,
                ...(settlement.arbitraryFileIdentifier !== undefined ? { arbitraryFileIdentifier: settlement.arbitraryFileIdentifier } : {}),
              }),
            );
    } catch (error) {
      this.report(error, `${name}: cannot write the result file (tried again next scan)`);
      return { file: name, status: "deferred", reason: `cannot write the result file: ${error instanceof Error ? error.message : String(error)}` };
    }
    memo.settlement = undefined;
    const folder = settlement.kind === "answer" ? "done" : "error";
    try {
      await this.moveTo(name, folder);
      this.memos.delete(name);
    } catch (error) {
      memo.settled = true;
      this.report(error, `${name}: answered in ${resultFile} but cannot be moved to ${folder}/ (left in place, not answered again)`);
    }
    if (settlement.kind === "answer") return { file: name, status: "answered", resultFile };
    const { code, field, message } = settlement.error;
    return { file: name, status: "rejected", resultFile, code, field, message: `${name}: ${message}` };
  }

  private async moveTo(name: string, folder: "done" | "error"): Promise<void> {
    const target = join(this.options.path, folder);
    await mkdir(target, { recursive: true });
    await rename(join(this.options.path, name), join(target, name));
  }
}
