import { mkdtemp, rm } from "node:fs/promises";
import type * as FsPromises from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CertificateLinks } from "../../sim/onshi/certificate-links.ts";
import { CLINIC, mswOnshi } from "./support/onshi-fixture.ts";
import type { MswOnshi } from "./support/onshi-fixture.ts";

/**
 * Journal syncs under the test's control: each `datasync` of a journal file waits for the test to let it through
 * (`release`) or fail (`failWith`). Everything else of node:fs/promises is the real module.
 */
const syncs = vi.hoisted(() => {
  const waiting: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  return {
    held: false,
    waiting,
    async gate(): Promise<void> {
      if (!this.held) return;
      await new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
    },
    release(): void {
      for (const w of waiting.splice(0)) w.resolve();
    },
    failWith(error: Error): void {
      for (const w of waiting.splice(0)) w.reject(error);
    },
  };
});

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const open = async (...args: Parameters<typeof actual.open>): Promise<FileHandle> => {
    const handle = await actual.open(...args);
    if (!String(args[0]).endsWith(".jsonl")) return handle;
    const datasync = handle.datasync.bind(handle);
    handle.datasync = async () => {
      await syncs.gate();
      await datasync();
    };
    return handle;
  };
  return { ...actual, open, default: { ...actual, open } };
});

const query = { insurerNumber: "33120015", insuredIdentificationNumber: "1", birthdate: "19800401" };
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

let dir: string;
let onshi: MswOnshi;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "onshi-acked-"));
  onshi = await mswOnshi({ dataDir: dir, sync: "fsync", links: new CertificateLinks() });
});
afterAll(async () => {
  syncs.held = false;
  syncs.release();
  await onshi.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe("a write is durable, then applied: reads show only acknowledged writes", () => {
  it("does not show a qualification whose journal entry is not yet on disk", async () => {
    const facility = onshi.service.facilities.get(CLINIC.medicalInstitutionCode);
    if (facility === undefined) throw new Error("no clinic");
    syncs.held = true;
    const pending = onshi.client().queryInsurance(query);
    for (let i = 0; i < 100 && syncs.waiting.length === 0; i++) await tick();
    expect(syncs.waiting).toHaveLength(1);
    expect(onshi.service.usage(facility).onlineQualifications).toBe(0);
    expect((await onshi.client().usage()).onlineQualifications).toBe(0);
    syncs.held = false;
    syncs.release();
    const result = await pending;
    expect((await onshi.client().usage()).onlineQualifications).toBe(1);
    expect((await onshi.client().getQualification(result.qualificationId ?? "")).qualificationId).toBe(result.qualificationId);
  });

  it("after a failed journal write: the write is refused (503), not visible, and reads and writes say unavailable", async () => {
    syncs.held = true;
    const failed = onshi.fetch("/insurance-queries", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(query) });
    for (let i = 0; i < 100 && syncs.waiting.length === 0; i++) await tick();
    syncs.failWith(Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO" }));
    syncs.held = false;
    expect((await failed).status).toBe(503);
    for (const [method, route] of [
      ["GET", "/usage"],
      ["GET", "/qualifications/q_any"],
      ["POST", "/challenges"],
      ["GET", "/facilities/phone-confirmed"],
      ["GET", "/health"],
    ] as const) {
      const r = await onshi.fetch(route, { method });
      expect([route, r.status]).toEqual([route, 503]);
      expect(await r.json()).toMatchObject({ error: "unavailable" });
    }
    const write = await onshi.fetch("/insurance-queries", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(query) });
    expect(write.status).toBe(503);
  });
});
