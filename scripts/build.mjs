// One build for everything: the extension bundle, the webview scripts and, with --tests,
// the test bundles. Content from content/ is compiled into the bundle through a virtual
// module, so the extension never reads knowledge-base files at run time.
//   node scripts/build.mjs               development build with source maps
//   node scripts/build.mjs --production  minified, no source maps (what `vsce package` ships)
//   node scripts/build.mjs --tests       also the unit and integration test bundles
//   node scripts/build.mjs --bench       also the benchmarks (bench/*.bench.ts)
import * as esbuild from 'esbuild';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadContent } from './content.mjs';
import { writeLibxml2Wasm, libxml2WasmPlugin } from './libxml2Wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const withTests = process.argv.includes('--tests');

/**
 * Resolves `virtkit:content` to the content/ folder, compiled at build time into one JSON
 * document. Two ways to carry it:
 *  - 'file': dist/content.json, the one copy in the package, which both extension entries (Node
 *    and web worker) read through vscode.workspace.fs on first use and hand to setContent(), so
 *    activation does not pay for 800 KB of text it may never need (BENCHMARKS.md, Activation);
 *  - 'embedded': a string inside the bundle (tests, benchmarks).
 * `virtkit:cpu-flags` is the small part the host probe needs synchronously: each flag's name,
 * line and vendor, embedded everywhere.
 */
function contentPlugin(mode) {
  return {
    name: 'virtkit-content',
    setup(build) {
      build.onResolve({ filter: /^virtkit:(content|cpu-flags)$/ }, (args) => ({
        path: args.path.slice('virtkit:'.length),
        namespace: 'virtkit-content',
      }));
      build.onLoad({ filter: /.*/, namespace: 'virtkit-content' }, (args) => {
        const data = loadContent(join(root, 'content'));
        let contents;
        if (args.path === 'cpu-flags') {
          const flags = data.cpuFlags.map(({ flag, line, alsoIn, vendor }) => ({ flag, line, alsoIn, vendor }));
          contents = `export const cpuFlagLines = ${JSON.stringify(flags)};\n`;
        } else if (mode === 'file') {
          mkdirSync(join(root, 'dist'), { recursive: true });
          writeFileSync(join(root, 'dist', 'content.json'), JSON.stringify(data));
          contents =
            `let cache;\n` +
            `export function contentLoaded() { return cache !== undefined; }\n` +
            `export function setContent(json) { cache ??= JSON.parse(json); }\n` +
            `export function loadContent() { if (!cache) throw new Error('VirtKit: the knowledge base is read on first use (loadKnowledge) and was not yet'); return cache; }\n`;
        } else {
          // A JSON string parsed on first use is cheaper to load than an object literal.
          contents =
            `const raw = ${JSON.stringify(JSON.stringify(data))};\nlet cache;\n` +
            `export function contentLoaded() { return true; }\n` +
            `export function setContent() {}\n` +
            `export function loadContent() { return cache ??= JSON.parse(raw); }\n`;
        }
        return {
          contents,
          loader: 'js',
          resolveDir: root,
          watchFiles: [],
          watchDirs: [
            join(root, 'content'),
            join(root, 'content', 'concepts'),
            join(root, 'content', 'tools'),
            join(root, 'data', 'tools'),
          ],
        };
      });
    },
  };
}

const common = {
  bundle: true,
  logLevel: 'warning',
  sourcemap: production ? false : 'linked',
  minify: production,
  plugins: [contentPlugin('embedded'), libxml2WasmPlugin()],
  target: 'es2022',
  // Chinese text stays UTF-8 instead of six-byte \u escapes: a third of the size.
  charset: 'utf8',
};

// libxml2's WebAssembly, read by the libvirt validator on first use (Node and web alike).
writeLibxml2Wasm(join(root, 'dist'));

const builds = [
  esbuild.build({
    ...common,
    entryPoints: { extension: join(root, 'src/extension.ts') },
    outdir: join(root, 'dist'),
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    plugins: [contentPlugin('file'), libxml2WasmPlugin()],
    metafile: true,
  }),
  // The web worker extension host (vscode.dev): same features minus what needs the machine.
  esbuild.build({
    ...common,
    entryPoints: { extension: join(root, 'src/web/extension.ts') },
    outdir: join(root, 'dist/web'),
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    plugins: [...common.plugins.filter((p) => p.name !== 'virtkit-content'), contentPlugin('file')],
  }),
  esbuild.build({
    ...common,
    entryPoints: Object.fromEntries(
      readdirSync(join(root, 'media/src'))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => [f.replace(/\.ts$/, ''), join(root, 'media/src', f)]),
    ),
    outdir: join(root, 'dist/media'),
    platform: 'browser',
    format: 'iife',
  }),
];

if (withTests) {
  const unit = readdirSync(join(root, 'test/unit')).filter((f) => f.endsWith('.unit.test.ts'));
  builds.push(
    esbuild.build({
      ...common,
      sourcemap: 'inline',
      minify: false,
      entryPoints: unit.map((f) => join(root, 'test/unit', f)),
      outdir: join(root, 'out/unit'),
      platform: 'node',
      format: 'cjs',
      packages: 'external',
    }),
    esbuild.build({
      ...common,
      sourcemap: 'inline',
      minify: false,
      entryPoints: {
        'integration/index': join(root, 'test/integration/index.ts'),
        // Run by test/harness/runRestricted.mjs with workspace trust on.
        'restricted/index': join(root, 'test/integration/restrictedIndex.ts'),
        // Run by test/harness/runStartup.mjs in a fresh window with default settings.
        'startup/index': join(root, 'test/integration/startupIndex.ts'),
        // Run by test/harness/runLibvirt.mjs beside a real libvirtd.
        'libvirt-host/index': join(root, 'test/integration/libvirtIndex.ts'),
      },
      outdir: join(root, 'out'),
      platform: 'node',
      format: 'cjs',
      packages: 'external',
    }),
    // The Node half of the real-libvirt tier (test/harness/runLibvirt.mjs).
    esbuild.build({
      ...common,
      sourcemap: 'inline',
      minify: false,
      entryPoints: readdirSync(join(root, 'test/libvirt'))
        .filter((f) => f.endsWith('.libvirt.test.ts'))
        .map((f) => join(root, 'test/libvirt', f)),
      outdir: join(root, 'out/libvirt'),
      platform: 'node',
      format: 'cjs',
      packages: 'external',
    }),
    // The web tier: the shared integration suites for the web worker extension host.
    esbuild.build({
      ...common,
      sourcemap: 'inline',
      minify: false,
      entryPoints: { index: join(root, 'test/web/index.ts') },
      outdir: join(root, 'out/web'),
      platform: 'browser',
      format: 'cjs',
      external: ['vscode'],
      alias: { 'node:assert/strict': join(root, 'test/web/assertShim.ts') },
    }),
  );
}

if (process.argv.includes('--bench')) {
  builds.push(
    esbuild.build({
      ...common,
      sourcemap: false,
      minify: false,
      entryPoints: readdirSync(join(root, 'bench'))
        .filter((f) => f.endsWith('.bench.ts'))
        .map((f) => join(root, 'bench', f)),
      outdir: join(root, 'out/bench'),
      platform: 'node',
      format: 'cjs',
      packages: 'external',
    }),
  );
}

try {
  const [ext] = await Promise.all(builds);
  if (process.argv.includes('--meta')) console.log(await esbuild.analyzeMetafile(ext.metafile));
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
