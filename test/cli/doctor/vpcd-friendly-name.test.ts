import { describe, expect, it } from "vitest";
import type { DoctorEnvironment } from "../../../cli/doctor/doctor-environment.ts";
import { DEFAULT_VPCD_FRIENDLY_NAME, vpcdFriendlyName } from "../../../cli/doctor/vpcd-friendly-name.ts";
import { fixturesDir, makeFixtureTree } from "./fixture-tree.ts";

const inDir = (readerConfDir: string) => ({ readerConfDir }) as DoctorEnvironment;

describe("vpcdFriendlyName", () => {
  it("reads Debian's vpcd entry among other drivers' files", async () => {
    expect(await vpcdFriendlyName(inDir(`${fixturesDir}reader.conf.d`))).toBe("Virtual PCD");
  });

  it("takes the vpcd entry's name, not another driver's", async () => {
    const tree = await makeFixtureTree({
      "conf/a-ccid": 'FRIENDLYNAME "Some CCID"\nLIBPATH /x/libccidtwin.so\n',
      "conf/vpcd": 'FRIENDLYNAME "SONY FeliCa RC-S300/P"\nDEVICENAME /dev/null:0x8C7B\nLIBPATH /x/libifdvpcd.so\n',
      "bare/vpcd": "DEVICENAME /dev/null:0x8C7B\nLIBPATH /x/libifdvpcd.so\n",
    });
    try {
      expect(await vpcdFriendlyName(inDir(tree.path("conf")))).toBe("SONY FeliCa RC-S300/P");
      expect(await vpcdFriendlyName(inDir(tree.path("bare")))).toBe(DEFAULT_VPCD_FRIENDLY_NAME);
    } finally {
      await tree.remove();
    }
  });

  it("falls back to the default without reader.conf.d", async () => {
    expect(await vpcdFriendlyName(inDir("/nonexistent/reader.conf.d"))).toBe("Virtual PCD");
  });
});
