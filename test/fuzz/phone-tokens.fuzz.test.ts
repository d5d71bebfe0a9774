import { fc, test } from "@fast-check/vitest";
import { beforeAll, describe, expect } from "vitest";
import { fromHex, ResponseApdu } from "../../sim/apdu/index.ts";
import type { AndroidPhoneToken, IPhoneToken } from "../../sim/phones/index.ts";
import { fuzzParameters } from "../support/fuzz-runs.ts";
import { androidPhone, iPhone, phoneWorld, provisioned } from "../phones/phone-fixtures.ts";

let android: AndroidPhoneToken;
let iphone: IPhoneToken;
beforeAll(async () => {
  const world = await phoneWorld();
  android = await provisioned(world, androidPhone("fuzz-android"), "P0001");
  iphone = await provisioned(world, iPhone("fuzz-iphone"), "P0002");
});

const SELECT_JPKI = fromHex("00A4040C0AD392F000260100000001");

/** Commands shaped like a host's: the JPKI instructions and a few others, random parameters and bodies. */
const plausibleCommand = fc
  .tuple(
    fc.constantFrom(0x00, 0x80, 0x0c, 0x10, 0xff),
    fc.constantFrom(0xa4, 0xb0, 0x20, 0x24, 0x2a, 0x84, 0x88, 0xfc, 0xc0, 0xca),
    fc.integer({ min: 0, max: 255 }),
    fc.integer({ min: 0, max: 255 }),
    fc.uint8Array({ maxLength: 300 }),
  )
  .map(([cla, ins, p1, p2, tail]) => Uint8Array.from([cla, ins, p1, p2, ...tail]));

describe("fuzz: the phones' JPKI tokens answer whatever a host sends", () => {
  test.prop([fc.constantFrom("android", "iphone"), fc.boolean(), fc.array(fc.oneof(fc.uint8Array({ maxLength: 270 }), plausibleCommand), { maxLength: 20 })], fuzzParameters(300))(
    "a well-formed response ending in a status word, and the token keeps serving",
    (which, authorised, inputs) => {
      const phone = which === "android" ? android : iphone;
      phone.enterField();
      if (which === "iphone" && authorised) iphone.performBiometric("face");
      try {
        for (const bytes of inputs) {
          const r = ResponseApdu.parse(phone.process(bytes));
          expect(r.sw1 === 0x90 || (r.sw1 >= 0x61 && r.sw1 <= 0x6f)).toBe(true);
          if (r.data.length > 0) expect(r.sw).toBe(0x9000);
        }
        expect(ResponseApdu.parse(phone.process(SELECT_JPKI)).sw).toBe(0x9000);
      } finally {
        phone.leaveField();
      }
    },
  );
});
