import { afterEach, describe, expect, it } from "vitest";
import { DisplayReportReceiver, isLoopbackHost } from "../../conformance/external/display-report-receiver.ts";
import { parseDisplayReport } from "../../conformance/external/display-report.ts";

const LINE = { t: "2026-11-29T07:31:02.114Z", state: "pin-wrong", kind: "input", title: "暗証番号が違います", lines: ["残り2回入力できます"], buttons: [] };

describe("displayReport over HTTP: the suite's receiver", () => {
  let receiver: DisplayReportReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it("takes one line per POST to its path (204) and gives them back as the scenario's JSON Lines", async () => {
    receiver = await DisplayReportReceiver.start("http://127.0.0.1:0/screens");
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/screens$/);
    expect(receiver.url).not.toMatch(/:0\//);
    receiver.begin();
    for (const state of ["standby", "pin-wrong"]) expect((await fetch(receiver.url, { method: "POST", body: JSON.stringify({ ...LINE, state }) })).status).toBe(204);
    const { text, problems } = receiver.take();
    expect(problems).toEqual([]);
    const { screens } = parseDisplayReport(text, Date.parse("2026-11-29T07:31:00.000Z"));
    expect(screens.map((s) => [s.state, s.at])).toEqual([["standby", 2114], ["pin-wrong", 2114]]);
    receiver.begin();
    expect(receiver.take().text).toBe("");
  });

  it("answers 400 with the reason for a post that is not a line, and keeps it as a problem", async () => {
    receiver = await DisplayReportReceiver.start("http://127.0.0.1:0/screens");
    receiver.begin();
    const notJson = await fetch(receiver.url, { method: "POST", body: "{ nope" });
    expect(notJson.status).toBe(400);
    const badKind = await fetch(receiver.url, { method: "POST", body: JSON.stringify({ ...LINE, kind: "sparkles" }) });
    expect(badKind.status).toBe(400);
    expect(await badKind.text()).toMatch(/^kind /);
    expect((await fetch(receiver.url, { method: "POST", body: "x".repeat(70_000) })).status).toBe(413);
    expect(receiver.take()).toEqual({ text: "", problems: ["post 1: not JSON", expect.stringMatching(/^post 2: kind /), "post 3: body over 65536 bytes"] });
  });

  it("refuses another path or method, and a URL off the loopback or not http", async () => {
    receiver = await DisplayReportReceiver.start("http://localhost:0/screens");
    expect((await fetch(receiver.url.replace("/screens", "/other"), { method: "POST", body: JSON.stringify(LINE) })).status).toBe(404);
    const get = await fetch(receiver.url);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    await expect(DisplayReportReceiver.start("http://192.0.2.1:8080/screens")).rejects.toThrow(/loopback/);
    await expect(DisplayReportReceiver.start("https://127.0.0.1:0/screens")).rejects.toThrow(/plain http/);
    expect(["127.0.0.1", "127.9.8.7", "[::1]", "::1", "localhost"].every(isLoopbackHost)).toBe(true);
    expect(["10.0.0.1", "example.org", "0.0.0.0", "::"].some(isLoopbackHost)).toBe(false);
  });
});
