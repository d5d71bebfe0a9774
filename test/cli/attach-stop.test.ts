import { describe, expect, test } from "vitest";
import { startAttach, waitFor } from "./attach-harness.ts";

describe("attach: stopping is a normal stop whatever the link is doing", () => {
  test("Ctrl-C while re-inserting after vpcd went away exits 0", async () => {
    const s = await startAttach(["--device", "card", "--persona", "P0001"]);
    await s.vpcd.waitForConnection();
    // pcscd restarts: vpcd drops the card and is not listening for a while; attach keeps trying to put it back.
    await s.vpcd.close();
    await waitFor(() => !s.vpcd.connected, "the drop");
    await new Promise((r) => setTimeout(r, 300));
    const code = await s.stop();
    expect(s.io.stderr()).not.toContain("did not come back");
    expect(code).toBe(0);
  }, 30_000);
});
