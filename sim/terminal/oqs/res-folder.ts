import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./atomic-write.ts";
import { oqsTimestamp } from "./oqs-dates.ts";

let sequence = 0;

/**
 * The RES folder the receipt computer polls. Every file is written atomically; names never collide within a process
 * (timestamp in JST to the millisecond + a sequence number) and sort by time.
 */
export class ResFolder {
  /** The folder's path. */
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** Creates the folder if needed. */
  async ensure(): Promise<void> {
    await mkdir(this.path, { recursive: true });
  }

  /** Writes `OQSsiquc01res_face_<time>_<seq>.xml` (a result pushed after a face-auth reader's check). */
  writeFaceResult(xml: string, at: Date): Promise<string> {
    return this.write(`OQSsiquc01res_face_${oqsTimestamp(at)}_${String(++sequence).padStart(6, "0")}.xml`, xml);
  }

  /** Writes the result of a request file: `OQSsiquc01req_X.xml` → `OQSsiquc01res_X.xml`. */
  writeRequestResult(requestFileName: string, xml: string): Promise<string> {
    return this.write(requestFileName.replace(/^OQSsiquc01req_/, "OQSsiquc01res_"), xml);
  }

  private async write(name: string, xml: string): Promise<string> {
    const file = join(this.path, name);
    await writeFileAtomic(file, xml);
    return file;
  }
}
