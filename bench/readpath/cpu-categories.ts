/**
 * Where a thread's CPU goes, read off a V8 sampling profile: each sample is put in the category of the innermost frame
 * of its stack that a rule names (Node's own `node:` frames, native frames and libraries no rule names are passed
 * through to their caller, so `verify` or asn1js called by the certificate check count as the certificate check, and a
 * `writev` under hono as HTTP). Samples with no such frame count as the thread's runtime I/O (the event loop reading
 * sockets).
 */

/** The categories of `bench readpath`'s CPU split. */
export const CPU_CATEGORIES = [
  "signature",
  "device APDUs",
  "counter HTTP/JSON",
  "counter logic",
  "service HTTP/JSON",
  "service logic",
  "certificate checks",
  "journal",
  "GC",
  "VM/other",
] as const;

export type CpuCategory = (typeof CPU_CATEGORIES)[number];

/** Which thread a profile comes from: the same library frame means HTTP in one and device work in the other. */
export type ThreadRole = "service" | "counter";

/** The parts of a V8 `Profiler.Profile` the split reads. */
export interface SampledProfile {
  nodes: readonly { id: number; callFrame: { functionName: string; url: string }; children?: readonly number[] }[];
  samples?: readonly number[];
  timeDeltas?: readonly number[];
}

type Rule = readonly [test: (url: string) => boolean, category: CpuCategory];

const has =
  (...parts: string[]) =>
  (url: string): boolean =>
    parts.some((p) => url.includes(p));

/** Rules for frames of either thread, tried in order on one frame. */
const SHARED_RULES: readonly Rule[] = [
  [has("/sim/cards/signing/"), "signature"],
  [has("/sim/onshi/journal.ts"), "journal"],
  [has("/sim/onshi/identity-proof-check.ts", "/sim/onshi/certificate-check.ts", "/sim/onshi/certificate-cache.ts", "/sim/pki/"), "certificate checks"],
];

const SERVICE_RULES: readonly Rule[] = [
  ...SHARED_RULES,
  [has("/node_modules/hono/", "/node_modules/@hono/", "/node_modules/zod/", "/sim/onshi/onshi-app.ts", "/sim/onshi/onshi-routes.ts", "/sim/onshi/onshi-listener.ts", "/sim/onshi/request-schemas.ts", "/sim/onshi/onshi-server.ts"), "service HTTP/JSON"],
  [has("/sim/"), "service logic"],
];

const COUNTER_RULES: readonly Rule[] = [
  ...SHARED_RULES,
  [has("/sim/cards/", "/sim/phones/", "/sim/jpki/", "/sim/apdu/", "/sim/transport/", "/node_modules/ws/"), "device APDUs"],
  [has("/sim/onshi/onshi-client.ts", "/sim/onshi/http-transport.ts", "/socket-http-transport.ts", "/http1-response-parser.ts", "/fault-injecting-transport.ts"), "counter HTTP/JSON"],
  [has("/sim/", "/bench/"), "counter logic"],
];

/** A frame Node or V8 owns: passed through to its caller. */
function isRuntimeFrame(url: string): boolean {
  return url === "" || url.startsWith("node:");
}

/** Milliseconds of sampled (non-idle) time per category in one thread's profile. */
export function categoriseProfile(profile: SampledProfile, role: ThreadRole): Record<CpuCategory, number> {
  const rules = role === "service" ? SERVICE_RULES : COUNTER_RULES;
  const runtimeIo: CpuCategory = role === "service" ? "service HTTP/JSON" : "counter HTTP/JSON";
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const memo = new Map<number, CpuCategory | undefined>();

  const categoryOf = (leaf: number): CpuCategory | undefined => {
    if (memo.has(leaf)) return memo.get(leaf);
    const name = byId.get(leaf)?.callFrame.functionName;
    let found: CpuCategory | undefined;
    if (name === "(idle)") found = undefined;
    else if (name === "(garbage collector)") found = "GC";
    else if (name === "(program)" || name === "(root)") found = "VM/other";
    else {
      found = runtimeIo;
      // Walk up from the leaf; the first project or library frame decides. Bounded by the tree's size.
      let id: number | undefined = leaf;
      for (let steps = 0; id !== undefined && steps <= profile.nodes.length; steps++) {
        const url = byId.get(id)?.callFrame.url ?? "";
        if (!isRuntimeFrame(url)) {
          const matched = rules.find(([test]) => test(url))?.[1];
          if (matched !== undefined) {
            found = matched;
            break;
          }
          // A library no rule names (asn1js under the certificate check, say) counts for whoever called it.
          if (!url.includes("/node_modules/")) {
            found = "VM/other";
            break;
          }
        }
        id = parent.get(id);
      }
    }
    memo.set(leaf, found);
    return found;
  };

  const totals = Object.fromEntries(CPU_CATEGORIES.map((c) => [c, 0])) as Record<CpuCategory, number>;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // V8 gives each sample the time since the previous one (µs); the first delta is time before the first sample.
  for (let i = 0; i < samples.length; i++) {
    const category = categoryOf(samples[i] as number);
    if (category !== undefined) totals[category] += (deltas[i] ?? 0) / 1000;
  }
  return totals;
}
