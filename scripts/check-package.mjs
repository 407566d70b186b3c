// The packaging check of the test command: a production build, then `vsce package` must
// succeed with no warning, and the .vsix must hold only run-time files.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordCounts } from '../test/harness/counts.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const vsce = join(root, 'node_modules/.bin/vsce');
const RUNTIME = [
  /^dist\/(web\/)?extension\.js$/,
  /^dist\/content\.json$/,
  /^dist\/libxml2\.wasm(\.LICENSE\.txt)?$/,
  /^data\/libvirt-schemas\/([\w-]+\.rng|manifest\.json|README\.md|COPYING\.LGPL-2\.1)$/,
  /^dist\/media\/[\w-]+\.js$/,
  /^media\/[\w-]+\.(css|svg|png)$/,
  /^media\/walkthrough\/[\w-]+\.md$/,
  /^snippets\/[\w.-]+\.json$/,
  /^syntaxes\/[\w.-]+\.json$/,
  /^data\/qemu\/[\w-]+\.json$/,
  /^l10n\/bundle\.l10n\.[\w-]+\.json$/,
  /^package(\.nls(\.[\w-]+)?)?\.json$/,
  /^(README(\.zh-CN)?\.md|CHANGELOG\.md|LICENSE)$/,
];
const REQUIRED = [
  'dist/extension.js',
  'dist/web/extension.js',
  'dist/content.json',
  'dist/libxml2.wasm',
  'dist/libxml2.wasm.LICENSE.txt',
  'data/libvirt-schemas/domain.rng',
  'data/libvirt-schemas/COPYING.LGPL-2.1',
  'package.json',
  'package.nls.json',
  'package.nls.zh-cn.json',
  'media/icon.png',
  'syntaxes/cpuinfo.tmLanguage.json',
  'data/qemu/x86_64.json',
  'data/qemu/aarch64.json',
  'data/qemu/removed-options.json',
  'README.md',
  'LICENSE',
];

const problems = [];
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { stdio: 'inherit' });
const files = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
for (const f of files) if (!RUNTIME.some((re) => re.test(f))) problems.push(`not a run-time file: ${f}`);
for (const f of REQUIRED) if (!files.includes(f)) problems.push(`missing from the package: ${f}`);

// The knowledge base is one file, dist/content.json, read by both entries: no bundle may carry
// a second copy (the web bundle used to embed it, 800 KB twice in the package).
const content = JSON.parse(readFileSync(join(root, 'dist/content.json'), 'utf8'));
const samples = content.concepts.slice(0, 20).map((c) => c.text['zh-cn'].definition.slice(0, 40));
for (const bundle of ['dist/extension.js', 'dist/web/extension.js']) {
  const text = readFileSync(join(root, bundle), 'utf8');
  const copied = samples.filter((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));
  if (copied.length) problems.push(`${bundle} carries a copy of the knowledge base (${copied.length} definitions)`);
}

const out = mkdtempSync(join(tmpdir(), 'virtkit-vsix-'));
try {
  const r = spawnSync(vsce, ['package', '--no-dependencies', '-o', join(out, 'virtkit.vsix')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) problems.push(`vsce package failed: ${r.stderr || r.error?.message}`);
  for (const line of `${r.stdout}\n${r.stderr}`.split('\n'))
    if (/WARNING/i.test(line)) problems.push(`vsce: ${line.trim()}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}

console.log(`package: ${files.length} files`);
for (const p of problems) console.error(`  ✗ ${p}`);
recordCounts('package', { passed: problems.length ? 0 : 1, failed: problems.length ? 1 : 0 });
process.exit(problems.length ? 1 : 0);
