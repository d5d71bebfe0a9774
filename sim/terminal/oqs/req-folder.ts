import { type FSWatcher, watch } from "node:fs";
import { mkdir, readdir, readFile, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import type { QualificationService } from "../../contract/qualification-service.ts";
import { OqsRequestError } from "./oqs-request-error.ts";
import { MAX_REQUEST_BYTES, parseRequestXml } from "./oqs-request-xml.ts";
import { buildErrorResultXml, buildResultXml } from "./oqs-result-xml.ts";
import type { ResFolder } from "./res-folder.ts";

/** What happened to one request file. */
export type RequestOutcome =
  | { file: string; status: "answered"; resultFile: string }
  | { file: string; status: "rejected"; resultFile: string; field: string; message: string }
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
}

const REQUEST_FILE = /^OQSsiquc01req_[A-Za-z0-9_.-]{1,100}\.xml$/;

/**
 * Answers single-query request files (insurance-data queries, ReferenceClassification 2) dropped into the REQ folder:
 * each valid request is asked of the service and answered with `OQSsiquc01res_<same suffix>.xml` in the RES folder;
 * a malformed one gets an error result file naming the bad element. Answered requests move to `done/`, rejected ones to
 * `error/`; a request the service could not answer (network, service down) stays where it is and is tried again on the
 * next scan, so nothing dropped in is lost.
 */
export class RequestFolder {
  private readonly options: RequestFolderOptions;
  private scanning: Promise<RequestOutcome[]> | undefined;
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

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
      void this.processOnce().then((outcomes) => outcomes.forEach(onOutcome), () => undefined);
    };
    this.watcher = watch(this.options.path, kick);
    this.timer = setInterval(kick, intervalMs);
    kick();
  }

  /** Stops watching (a scan in progress completes). */
  async close(): Promise<void> {
    this.watcher?.close();
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
  }

  private async scan(): Promise<RequestOutcome[]> {
    const { path } = this.options;
    await mkdir(path, { recursive: true });
    const names = (await readdir(path)).filter((n) => REQUEST_FILE.test(n)).sort();
    const outcomes: RequestOutcome[] = [];
    for (const name of names) outcomes.push(await this.processFile(name));
    return outcomes;
  }

  private async processFile(name: string): Promise<RequestOutcome> {
    const { path, res, service } = this.options;
    const file = join(path, name);
    const now = this.options.now?.() ?? new Date();
    let request;
    try {
      const size = (await stat(file)).size;
      if (size > MAX_REQUEST_BYTES) throw new OqsRequestError("E-SIZE", "XmlMsg", `file larger than ${MAX_REQUEST_BYTES} bytes`);
      request = parseRequestXml(await readFile(file, "utf8"));
      if (request.medicalInstitutionCode !== this.options.medicalInstitutionCode) {
        throw new OqsRequestError("E-FACILITY", "MedicalInstitutionCode", "is not this terminal's facility");
      }
    } catch (e) {
      if (!(e instanceof OqsRequestError)) return { file: name, status: "deferred", reason: (e as Error).message };
      const xml = buildErrorResultXml({
        medicalInstitutionCode: this.options.medicalInstitutionCode,
        referenceClassification: "2",
        errorCode: e.code,
        errorMessage: e.message,
        at: now,
      });
      const resultFile = await res.writeRequestResult(name, xml);
      await this.moveTo(name, "error");
      return { file: name, status: "rejected", resultFile, field: e.field, message: e.message };
    }
    let result;
    try {
      result = await service.queryInsurance(request);
    } catch (e) {
      return { file: name, status: "deferred", reason: `service: ${(e as Error).message}` };
    }
    const resultFile = await res.writeRequestResult(name, buildResultXml(result, { at: now }));
    await this.moveTo(name, "done");
    return { file: name, status: "answered", resultFile };
  }

  private async moveTo(name: string, folder: "done" | "error"): Promise<void> {
    const target = join(this.options.path, folder);
    await mkdir(target, { recursive: true });
    await rename(join(this.options.path, name), join(target, name));
  }
}
