import { describe, expect, it } from "vitest";
import { parseReaderConf } from "../../../cli/doctor/reader-conf.ts";
import { readVpcdReaderEntries } from "../../../cli/doctor/vpcd-reader-entries.ts";
import { fixture, fixturesDir, makeFixtureTree } from "./fixture-tree.ts";

describe("parseReaderConf", () => {
  it("parses Debian's vpcd entry (quoted name, hex CHANNELID)", async () => {
    expect(parseReaderConf(await fixture("reader.conf.d/vpcd"))).toEqual([
      {
        friendlyName: "Virtual PCD",
        deviceName: "/dev/null:0x8C7B",
        libPath: "/usr/lib/pcsc/drivers/serial/libifdvpcd.so",
        channelId: "0x8C7B",
      },
    ]);
  });

  it("finds nothing in a file that is all comments", async () => {
    expect(parseReaderConf(await fixture("reader.conf.d/libccidtwin"))).toEqual([]);
  });

  it("starts a new entry when a key repeats", () => {
    const text = 'FRIENDLYNAME "A"\nLIBPATH /a.so # trailing comment\nFRIENDLYNAME B\nLIBPATH /b.so\n';
    expect(parseReaderConf(text)).toEqual([
      { friendlyName: "A", libPath: "/a.so" },
      { friendlyName: "B", libPath: "/b.so" },
    ]);
  });
});

describe("readVpcdReaderEntries", () => {
  it("picks the vpcd entry among other drivers' files and derives its port", async () => {
    const entries = await readVpcdReaderEntries(`${fixturesDir}reader.conf.d`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ friendlyName: "Virtual PCD", channelId: "0x8C7B", port: 35963, listens: true });
  });

  it("takes the port from DEVICENAME, and a host other than /dev/null means vpcd dials out", async () => {
    const tree = await makeFixtureTree({
      "a/vpcd": "FRIENDLYNAME X\nDEVICENAME 192.0.2.1:40000\nLIBPATH /x/libifdvpcd.so\nCHANNELID 0x8C7B\n",
      "b/vpcd": "FRIENDLYNAME Y\nLIBPATH /x/libifdvpcd.so\nCHANNELID 36000\n",
    });
    try {
      expect(await readVpcdReaderEntries(tree.path("a"))).toMatchObject([{ port: 40000, listens: false }]);
      expect(await readVpcdReaderEntries(tree.path("b"))).toMatchObject([{ port: 36000, listens: true }]);
    } finally {
      await tree.remove();
    }
  });

  it("returns [] for a missing directory", async () => {
    expect(await readVpcdReaderEntries("/nonexistent/reader.conf.d")).toEqual([]);
  });
});
