// A small BDD runner (describe / it / before / afterEach / this.skip) for the web worker
// extension host, where mocha's Node build cannot load. It runs the same suite files as the
// Node integration tier and reports each test through the console, which the harness reads.
type Fn = (this: { skip(): never }) => unknown;

interface Suite {
  title: string;
  tests: { title: string; fn: Fn }[];
  before: Fn[];
  afterEach: Fn[];
}

const suites: Suite[] = [];
let current: Suite | undefined;

class Skip extends Error {}
const context = {
  skip(): never {
    throw new Skip();
  },
};

export function install(): void {
  const g = globalThis as Record<string, unknown>;
  g.describe = (title: string, body: () => void) => {
    const suite: Suite = { title, tests: [], before: [], afterEach: [] };
    suites.push(suite);
    current = suite;
    body();
    current = undefined;
  };
  g.it = (title: string, fn: Fn) => current?.tests.push({ title, fn });
  g.before = (fn: Fn) => current?.before.push(fn);
  g.afterEach = (fn: Fn) => current?.afterEach.push(fn);
}

const TIMEOUT_MS = 60_000;

async function call(fn: Fn): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms`)), TIMEOUT_MS)),
  );
  try {
    await Promise.race([Promise.resolve().then(() => fn.call(context)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every registered suite; resolves to the counts. */
export async function runAll(): Promise<{ passed: number; failed: number; skipped: number }> {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const s of suites) {
    console.log(`  ${s.title}`);
    try {
      for (const b of s.before) await call(b);
    } catch (e) {
      counts.failed += s.tests.length;
      console.log(`    ✖ before all: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    for (const t of s.tests) {
      try {
        await call(t.fn);
        counts.passed++;
        console.log(`    ✔ ${t.title}`);
      } catch (e) {
        if (e instanceof Skip) {
          counts.skipped++;
          console.log(`    - ${t.title} (skipped)`);
        } else {
          counts.failed++;
          console.log(`    ✖ ${t.title}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      for (const a of s.afterEach) await call(a).catch(() => undefined);
    }
  }
  return counts;
}
