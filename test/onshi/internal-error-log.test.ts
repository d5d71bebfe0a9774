import { afterEach, describe, expect, it, vi } from "vitest";
import { createOnshiApp } from "../../sim/onshi/onshi-app.ts";
import { CLINIC, basicAuth, mswOnshi } from "./support/onshi-fixture.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("an internal error (HTTP 500) is logged, without secrets", () => {
  it("logs the route and the error to stderr by default; the caller sees only 'internal error'", async () => {
    const onshi = await mswOnshi();
    try {
      vi.spyOn(onshi.service, "usage").mockImplementation(() => {
        throw new Error("boom in usage");
      });
      const written: string[] = [];
      vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
      const r = await onshi.fetch("/usage");
      expect(r.status).toBe(500);
      expect(await r.json()).toEqual({ error: "internal", message: "internal error" });
      const log = written.join("");
      expect(log).toMatch(/GET \/usage/);
      expect(log).toContain("boom in usage");
      expect(log).not.toContain(CLINIC.secret);
      expect(log).not.toContain(basicAuth(CLINIC));
    } finally {
      await onshi.close();
    }
  });

  it("logs to an injected logger when given one", async () => {
    const onshi = await mswOnshi();
    try {
      vi.spyOn(onshi.service, "usage").mockImplementation(() => {
        throw new Error("boom again");
      });
      const lines: string[] = [];
      const app = createOnshiApp(onshi.service, { onInternalError: (line: string) => lines.push(line) });
      const r = await app.fetch(new Request("http://onshi.test/usage", { headers: { authorization: basicAuth(CLINIC) } }));
      expect(r.status).toBe(500);
      expect(lines).toEqual([expect.stringMatching(/^onshi: 500 GET \/usage: Error: boom again/)]);
      expect(lines.join("")).not.toContain(CLINIC.secret);
    } finally {
      await onshi.close();
    }
  });
});
