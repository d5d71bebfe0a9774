/**
 * A Vite plugin for the test run (vitest.config.ts): makes `@fast-check/vitest` build its `test.skip.prop`,
 * `test.concurrent.only.prop`, … chain on first use instead of when the module loads.
 *
 * Why: the library's `buildTest` walks every ordering of Vitest's chainable modifiers eagerly. With Vitest 4.1's
 * modifiers that is about 300,000 wrapped functions, ~3 s of CPU on every import — and each of the ~25 test files that
 * import the library paid it again (isolation gives each file a fresh module graph): over a minute of `npm test`.
 * The patched function builds the same wrappers, the same way, but each one when its property is first read.
 * What a test sees (`test`, `test.prop`, `test.skip.prop`, `fc`, the property runner, seeds, hooks) is unchanged.
 *
 * The library is inlined (`server.deps.inline`) so that Vite transforms it; if its code no longer contains the
 * function below (an upgrade), nothing is patched and a warning says so: tests still run, only slower.
 */
import type { Plugin } from "vitest/config";

/** The package whose module is patched. */
export const FAST_CHECK_VITEST = "@fast-check/vitest";

const MODULE_PATH = /[\\/]node_modules[\\/]@fast-check[\\/]vitest[\\/]lib[\\/]vitest-fast-check\.js$/;

/** `buildTest` as @fast-check/vitest 0.4.x and 0.5.0 ship it (whitespace-insensitive match). */
const EAGER = `function buildTest(testFn, testFnExtended, fc, ancestors = /* @__PURE__ */ new Set()) {
	let atLeastOneExtra = false;
	const extraKeys = {};
	for (const unsafeKey of Object.getOwnPropertyNames(testFnExtended)) {
		const key = unsafeKey;
		if (!ancestors.has(key) && typeof testFnExtended[key] === "function") {
			atLeastOneExtra = true;
			extraKeys[key] = key !== "each" ? buildTest(testFn[key], testFnExtended[key], fc, new Set([...ancestors, key])) : testFn[key].bind(testFn);
		}
	}
	if (!atLeastOneExtra) return testFnExtended;
	const enrichedTestFnExtended = (...args) => testFnExtended(...args);
	if ("each" in testFnExtended) extraKeys["prop"] = buildTestProp(testFn, fc);
	return Object.assign(enrichedTestFnExtended, extraKeys);
}`;

/** In {@link EAGER}: each extra key built at once. */
const EAGER_KEY = `extraKeys[key] = key !== "each" ? buildTest(testFn[key], testFnExtended[key], fc, new Set([...ancestors, key])) : testFn[key].bind(testFn);`;
const EAGER_RETURN = "return Object.assign(enrichedTestFnExtended, extraKeys);";

/** The same function, each extra key built by a getter on first read and then kept (same value on every read). */
const LAZY = EAGER.replace(
  EAGER_KEY,
  `let built;
			let done = false;
			Object.defineProperty(extraKeys, key, {
				enumerable: true,
				configurable: true,
				get() {
					if (!done) {
						built = ${EAGER_KEY.slice("extraKeys[key] = ".length, -1)};
						done = true;
					}
					return built;
				},
			});`,
).replace(EAGER_RETURN, "return Object.defineProperties(enrichedTestFnExtended, Object.getOwnPropertyDescriptors(extraKeys));");
if (LAZY.includes(EAGER_KEY) || LAZY.includes(EAGER_RETURN)) throw new Error("lazy-fast-check-vitest: the lazy buildTest was not derived from the eager one");

const squash = (code: string): string => code.replace(/\/\*\s*@__PURE__\s*\*\/\s*/g, "").replace(/\s+/g, " ");

/** Replaces the eager `buildTest` in `code` by the lazy one; undefined when `code` does not contain it. */
export function lazyBuildTest(code: string): string | undefined {
  const start = code.indexOf("function buildTest(");
  if (start < 0) return undefined;
  // The function ends at the first line that is exactly "}" after its start.
  const end = code.indexOf("\n}", start);
  if (end < 0) return undefined;
  const original = code.slice(start, end + 2);
  if (squash(original) !== squash(EAGER)) return undefined;
  return code.slice(0, start) + LAZY + code.slice(end + 2);
}

/** The plugin: patches the library's module when Vite transforms it (see `server.deps.inline` in vitest.config.ts). */
export function lazyFastCheckVitest(): Plugin {
  return {
    name: "myna-hil:lazy-fast-check-vitest",
    enforce: "pre",
    transform(code, id) {
      if (!MODULE_PATH.test(id.split("?")[0] ?? id)) return undefined;
      const patched = lazyBuildTest(code);
      if (patched === undefined) {
        this.warn(`${FAST_CHECK_VITEST}: buildTest is not the one this patch knows (upgraded?); left as is — each test file importing it pays ~3 s (test/support/lazy-fast-check-vitest.ts)`);
        return undefined;
      }
      return { code: patched, map: null };
    },
  };
}
