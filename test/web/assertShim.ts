// The part of node:assert/strict the shared integration suites use, for the web worker
// extension host, which has no Node modules. The web test bundle maps node:assert/strict here.
class AssertionError extends Error {
  override name = 'AssertionError';
}

function fail(message: string | undefined, fallback: string): never {
  throw new AssertionError(message ?? fallback);
}

export function ok(value: unknown, message?: string): asserts value {
  if (!value) fail(message, `expected a truthy value, got ${String(value)}`);
}

export function equal(actual: unknown, expected: unknown, message?: string): void {
  if (!Object.is(actual, expected))
    fail(message, `expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function notEqual(actual: unknown, expected: unknown, message?: string): void {
  if (Object.is(actual, expected)) fail(message, `expected anything but ${JSON.stringify(expected)}`);
}

export function match(actual: string, re: RegExp, message?: string): void {
  if (!re.test(actual)) fail(message, `${JSON.stringify(actual.slice(0, 300))} does not match ${re}`);
}

export function doesNotMatch(actual: string, re: RegExp, message?: string): void {
  if (re.test(actual)) fail(message, `${JSON.stringify(actual.slice(0, 300))} matches ${re}`);
}

/** Structural equality of plain data (arrays, objects, primitives), as the suites compare lists. */
export function deepEqual(actual: unknown, expected: unknown, message?: string): void {
  const same = (a: unknown, b: unknown): boolean => {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => same((a as never)[k], (b as never)[k]));
  };
  if (!same(actual, expected))
    fail(message, `expected ${JSON.stringify(expected)?.slice(0, 300)}, got ${JSON.stringify(actual)?.slice(0, 300)}`);
}

export default { ok, equal, notEqual, match, doesNotMatch, deepEqual };
