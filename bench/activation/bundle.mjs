// The production build, run through the project's own scripts/build.mjs with esbuild's
// metafile captured (esbuild-meta-hook.mjs), and what the metafile says the extension bundle
// is made of. Shared by bench/activation/run.mjs and bench/package.mjs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLE = 'dist/extension.js';

/**
 * `node scripts/build.mjs --production`, unchanged, plus esbuild's metafiles: returned as one
 * metafile whose outputs are those of every build (node bundle, web bundle, webview scripts).
 */
export function buildProduction() {
  const scratch = mkdtempSync(join(tmpdir(), 'virtkit-bench-meta-'));
  const metaFile = join(scratch, 'meta.jsonl');
  try {
    execFileSync(
      process.execPath,
      ['--import', join(root, 'bench/activation/esbuild-meta-hook.mjs'), 'scripts/build.mjs', '--production'],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, VIRTKIT_BENCH_META: metaFile },
        timeout: 5 * 60_000,
      },
    );
    const builds = readFileSync(metaFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const outputs = Object.assign({}, ...builds.map((b) => b.metafile.outputs));
    if (!Object.keys(outputs).some((o) => o.endsWith(BUNDLE))) throw new Error(`no esbuild build wrote ${BUNDLE}`);
    return { outputs };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Which part of the project an input of the bundle belongs to. */
export function groupOf(input) {
  if (input.startsWith('virtkit-content:')) return 'content: the knowledge base as one JSON string';
  if (/(?:^|\/)node_modules\//.test(input)) return 'markdown-it and its dependencies (node_modules)';
  if (input.startsWith('src/')) return 'extension code (src/)';
  if (input.startsWith('snippets/')) return 'snippet JSON imported by src (snippets/*.json)';
  return 'other';
}

/** The npm package an input comes from, if any. */
export function packageOf(input) {
  return /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
}

/** The bundles a metafile knows, as paths relative to the repository (`dist/…js`). */
export function bundlePaths(metafile) {
  return Object.keys(metafile.outputs)
    .filter((o) => o.endsWith('.js'))
    .map((o) => relative(root, resolve(root, o)));
}

/** Size, module count and the inputs by bytes of one bundle (the node extension bundle by default). */
export function bundleSummary(metafile, bundle = BUNDLE) {
  const key = Object.keys(metafile.outputs).find((o) => relative(root, resolve(root, o)) === bundle);
  if (!key) throw new Error(`the build's metafile has no ${bundle}`);
  const output = metafile.outputs[key];
  const inputs = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput, group: groupOf(path) }))
    .sort((a, b) => b.bytes - a.bytes);
  const groups = new Map();
  for (const i of inputs) {
    const g = groups.get(i.group) ?? { group: i.group, bytes: 0, modules: 0 };
    g.bytes += i.bytes;
    g.modules += 1;
    groups.set(i.group, g);
  }
  const file = join(root, bundle);
  return {
    bytes: statSync(file).size,
    metafileBytes: output.bytes,
    modules: inputs.length,
    modulesWithCode: inputs.filter((i) => i.bytes > 0).length,
    inputs,
    groups: [...groups.values()].sort((a, b) => b.bytes - a.bytes),
    path: relative(root, file),
  };
}

export const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
export const pct = (n, total) => `${((100 * n) / total).toFixed(1)}%`;

/** Median, extremes and p10/p90 (linear interpolation between closest ranks). */
export function quantiles(values) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p) => {
    const i = p * (s.length - 1);
    const lo = Math.floor(i);
    return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
  };
  return { n: s.length, median: q(0.5), min: s[0], max: s[s.length - 1], p10: q(0.1), p90: q(0.9) };
}
