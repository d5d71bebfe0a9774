import { describe, expect, test } from "vitest";
import { categoriseProfile, CPU_CATEGORIES, type CpuCategory, type SampledProfile } from "../../bench/readpath/cpu-categories.ts";
import { combineCpuSplit, OTHER_THREADS } from "../../bench/readpath/cpu-split.ts";

const ROOT = "/work/x";

/** A profile from stacks (root first): each stack is sampled `ms` milliseconds. */
function profileOf(stacks: readonly { frames: readonly [name: string, url: string][]; ms: number }[]): SampledProfile {
  const nodes: { id: number; callFrame: { functionName: string; url: string }; children: number[] }[] = [{ id: 1, callFrame: { functionName: "(root)", url: "" }, children: [] }];
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  for (const stack of stacks) {
    let parent = nodes[0] as (typeof nodes)[number];
    for (const [functionName, url] of stack.frames) {
      const node = { id: nodes.length + 1, callFrame: { functionName, url }, children: [] };
      nodes.push(node);
      parent.children.push(node.id);
      parent = node;
    }
    for (let i = 0; i < stack.ms; i++) {
      samples.push(parent.id);
      timeDeltas.push(1000);
    }
  }
  return { nodes, samples, timeDeltas };
}

const only = (totals: Record<CpuCategory, number>): Partial<Record<CpuCategory, number>> => Object.fromEntries(Object.entries(totals).filter(([, v]) => v > 0));

describe("categoriseProfile", () => {
  test("a Node or library frame counts for the project frame that called it", () => {
    const profile = profileOf([
      { frames: [["processTicksAndRejections", "node:internal/process/task_queues"], ["checkIdentityProof", `file://${ROOT}/sim/onshi/identity-proof-check.ts`], ["verify", "node:internal/crypto/sig"], ["verifyOneShot", ""]], ms: 5 },
      { frames: [["check", `file://${ROOT}/sim/pki/certification-authority.ts`], ["fromBER", `file://${ROOT}/node_modules/asn1js/build/index.js`]], ms: 2 },
      { frames: [["responseViaCache", `file://${ROOT}/node_modules/@hono/node-server/dist/index.mjs`], ["end", "node:_http_outgoing"], ["writev", ""]], ms: 7 },
      { frames: [["append", `file://${ROOT}/sim/onshi/journal.ts`], ["stringify", ""]], ms: 3 },
      { frames: [["issue", `file://${ROOT}/sim/onshi/challenge-issuer.ts`], ["randomBytes", "node:internal/crypto/random"]], ms: 4 },
      { frames: [["onStreamRead", "node:internal/stream_base_commons"]], ms: 6 },
      { frames: [["(garbage collector)", ""]], ms: 1 },
      { frames: [["(idle)", ""]], ms: 50 },
    ]);
    expect(only(categoriseProfile(profile, "service"))).toEqual({
      "certificate checks": 7,
      "service HTTP/JSON": 13,
      journal: 3,
      "service logic": 4,
      GC: 1,
    });
  });

  test("in a counter thread the signature, the device's APDUs and the HTTP client are told apart", () => {
    const profile = profileOf([
      { frames: [["transmit", `file://${ROOT}/sim/transport/in-process-transceiver.ts`], ["process", `file://${ROOT}/sim/cards/smart-card-chip.ts`], ["pkcs1", `file://${ROOT}/sim/cards/signing/signature-scheme.ts`], ["privateEncrypt", "node:internal/crypto/cipher"]], ms: 8 },
      { frames: [["transmit", `file://${ROOT}/sim/transport/in-process-transceiver.ts`], ["process", `file://${ROOT}/sim/cards/smart-card-chip.ts`]], ms: 3 },
      { frames: [["qualify", `file://${ROOT}/sim/onshi/onshi-client.ts`], ["send", `file://${ROOT}/bench/readpath/socket-http-transport.ts`], ["write", "node:net"]], ms: 2 },
      { frames: [["completeQualification", `file://${ROOT}/bench/readpath/complete-qualification.ts`]], ms: 1 },
    ]);
    expect(only(categoriseProfile(profile, "counter"))).toEqual({ signature: 8, "device APDUs": 3, "counter HTTP/JSON": 2, "counter logic": 1 });
  });

  test("every category is present, zero when nothing was sampled there", () => {
    expect(Object.keys(categoriseProfile({ nodes: [] }, "service")).sort()).toEqual([...CPU_CATEGORIES].sort());
  });
});

describe("combineCpuSplit", () => {
  const zero = (): Record<CpuCategory, number> => Object.fromEntries(CPU_CATEGORIES.map((c) => [c, 0])) as Record<CpuCategory, number>;

  test("each thread's shares are scaled to the CPU the OS counted; the rest of the process is other threads", () => {
    const service = { ...zero(), "service HTTP/JSON": 30, journal: 10 };
    const counter = { ...zero(), signature: 50, "device APDUs": 50 };
    // The service was sampled 40 ms busy but ran 20 ms (preempted half the time); the counter ran what it was sampled.
    const split = combineCpuSplit([{ sampledMs: service, cpuMs: 20 }, { sampledMs: counter, cpuMs: 100 }], 150, 10);
    expect(split?.["service HTTP/JSON"]).toBeCloseTo(1.5);
    expect(split?.journal).toBeCloseTo(0.5);
    expect(split?.signature).toBeCloseTo(5);
    expect(split?.[OTHER_THREADS]).toBeCloseTo(3);
    const total = Object.values(split ?? {}).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(15);
  });

  test("no qualification, no split", () => {
    expect(combineCpuSplit([{ sampledMs: zero() }], 10, 0)).toBeUndefined();
  });
});
