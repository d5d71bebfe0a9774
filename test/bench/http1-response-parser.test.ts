import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { Http1ResponseParser } from "../../bench/readpath/http1-response-parser.ts";

const json = (status: number, body: string, extra = "") =>
  Buffer.from(`HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`);

function chunked(body: string, sizes: number[]): Buffer {
  let out = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
  let rest = body;
  for (const n of sizes) {
    if (rest.length === 0) break;
    const part = rest.slice(0, n);
    rest = rest.slice(n);
    out += `${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`;
  }
  if (rest.length > 0) out += `${Buffer.byteLength(rest).toString(16)}\r\n${rest}\r\n`;
  return Buffer.from(`${out}0\r\n\r\n`);
}

describe("the benchmark's HTTP/1.1 response parser", () => {
  it("reads keep-alive responses back to back, content-length and chunked, and sees connection: close", () => {
    const p = new Http1ResponseParser();
    const stream = Buffer.concat([json(201, '{"a":1}'), chunked('{"b":"日本"}', [3, 4]), json(422, "{}", "connection: close\r\n")]);
    const out = p.push(stream);
    expect(out.map((r) => [r.status, r.text, r.close])).toEqual([
      [201, '{"a":1}', false],
      [200, '{"b":"日本"}', false],
      [422, "{}", true],
    ]);
    expect(p.pending).toBe(false);
  });

  test.prop([fc.array(fc.string({ maxLength: 300 }), { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 })])(
    "gives the same responses however the bytes are split",
    (bodies, cuts) => {
      const stream = Buffer.concat(bodies.map((b, i) => (i % 2 === 0 ? json(200, b) : chunked(b, [5, 7, 11]))));
      const p = new Http1ResponseParser();
      const got: string[] = [];
      let at = 0;
      let k = 0;
      while (at < stream.length) {
        const n = cuts[k++ % cuts.length] as number;
        for (const r of p.push(stream.subarray(at, at + n))) got.push(r.text);
        at += n;
      }
      expect(got).toEqual(bodies);
    },
  );

  it("refuses what is not an HTTP response", () => {
    expect(() => new Http1ResponseParser().push(Buffer.from("SSH-2.0-OpenSSH\r\n\r\n"))).toThrow(/status line/);
  });
});
