import { describe, expect, it } from "vitest";
import { RandomPool, randomPool } from "../../sim/onshi/random-pool.ts";

/** A pool whose blocks are numbered bytes (0, 1, 2, … continuing across fills), so each served byte names its origin. */
function countingPool(blockSize: number): { pool: RandomPool; fills: () => number } {
  let next = 0;
  let fills = 0;
  const pool = new RandomPool(blockSize, (block) => {
    fills++;
    for (let i = 0; i < block.length; i++) block[i] = next++ & 0xff;
  });
  return { pool, fills: () => fills };
}

describe("the random pool (challenge nonces, qualification IDs)", () => {
  it("serves values of the asked size, as bytes and as unpadded base64url", () => {
    const pool = new RandomPool(64);
    for (const size of [0, 1, 12, 16, 32, 63, 64]) {
      expect(pool.bytes(size)).toHaveLength(size);
      const text = pool.base64url(size);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(Buffer.from(text, "base64url")).toHaveLength(size);
    }
  });

  it("never hands out a byte twice: values are consecutive unused slices, the rest of a block is dropped", () => {
    const { pool, fills } = countingPool(40);
    expect([...pool.bytes(16)]).toEqual([...Array(16).keys()]);
    expect(Buffer.from(pool.base64url(16), "base64url")).toEqual(Buffer.from([...Array(16).keys()].map((i) => 16 + i)));
    // 8 bytes left in the block: a 16-byte value takes a fresh block (bytes 40..55), the 8 are never served.
    expect([...pool.bytes(16)]).toEqual([...Array(16).keys()].map((i) => 40 + i));
    expect(fills()).toBe(2);
    expect([...pool.bytes(8)]).toEqual([...Array(8).keys()].map((i) => 56 + i));
  });

  it("zeroes served bytes in the block and returns copies", () => {
    let block: Buffer | undefined;
    const pool = new RandomPool(32, (b) => {
      block = b;
      b.fill(0xab);
    });
    const value = pool.bytes(16);
    expect([...value]).toEqual(Array(16).fill(0xab));
    expect([...(block ?? Buffer.alloc(0)).subarray(0, 16)]).toEqual(Array(16).fill(0));
    pool.base64url(8);
    expect([...(block ?? Buffer.alloc(0)).subarray(16, 24)]).toEqual(Array(8).fill(0));
    expect([...value]).toEqual(Array(16).fill(0xab)); // the copy kept its bytes
  });

  it("serves a value larger than a block straight from the CSPRNG", () => {
    const { pool, fills } = countingPool(16);
    expect(pool.bytes(100)).toHaveLength(100);
    expect(Buffer.from(pool.base64url(17), "base64url")).toHaveLength(17);
    expect(fills()).toBe(0);
  });

  it("refuses sizes that are not non-negative integers and blocks that are not positive", () => {
    const pool = new RandomPool(16);
    for (const size of [-1, 1.5, Number.NaN]) {
      expect(() => pool.bytes(size)).toThrow(RangeError);
      expect(() => pool.base64url(size)).toThrow(RangeError);
    }
    expect(() => new RandomPool(0)).toThrow(RangeError);
  });

  it("gives distinct values from the real CSPRNG across many blocks", () => {
    const pool = randomPool();
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(pool.base64url(16));
    expect(seen.size).toBe(10_000);
    const bytes = new Set<string>();
    for (let i = 0; i < 2_000; i++) bytes.add(Buffer.from(pool.bytes(12)).toString("hex"));
    expect(bytes.size).toBe(2_000);
    expect(randomPool()).toBe(pool);
  });
});
