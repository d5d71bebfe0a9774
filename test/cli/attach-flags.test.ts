import { describe, expect, test } from "vitest";
import { main } from "../../cli/main.ts";
import { captureIo } from "./capture-io.ts";

describe("attach flag errors name the flag at fault", () => {
  test.each([
    [["--device", "iphone", "--os", "abc"], "--os"],
    [["--device", "android", "--os", "14.x"], "--os"],
    [["--device", "iphone", "--os", "17.0"], "--os"],
    [["--device", "iphone", "--model", "Pixel 8"], "--model"],
  ])("%j → exit 2 naming %s, not --persona", async (args, flag) => {
    const io = captureIo();
    expect(await main(["attach", "--vpcd", "127.0.0.1:1", ...args], io)).toBe(2);
    expect(io.stderr()).toContain(`error: ${flag}`);
    expect(io.stderr()).not.toContain("--persona");
  });
});
