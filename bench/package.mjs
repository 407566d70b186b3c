// Package benchmark (node bench/package.mjs): what the .vsix and the bundle are made of.
// Runs the production build (scripts/build.mjs --production, unchanged, with esbuild's
// metafile captured), then `npx vsce package --no-dependencies` into a temporary folder, and
// reports the .vsix size and files beside the same packaging of the empty extension of
// bench/activation, and what each shipped bundle is made of, from the metafile.
//   BENCH_TOP=15   how many bundle inputs to list
import { execFileSync } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { buildProduction, bundlePaths, bundleSummary, kb, packageOf, pct, root } from './activation/bundle.mjs';
import { withoutContent } from './activation/loadCost.mjs';

const TOP = Number(process.env.BENCH_TOP ?? 15);
const GOAL_BYTES = 1024 * 1024;

/** The entries of a zip file, from its central directory (no zip64: a .vsix is small). */
export function zipEntries(file) {
  const buf = readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: no end of central directory`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    if (!name.endsWith('/')) entries.push({ name, size, compressed });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// The project's own vsce (devDependencies), the one `npx vsce` finds in the repository; run
// by path for the copy of the empty extension, where npx would look for it in the registry.
const VSCE = join(root, 'node_modules/.bin/vsce');

function vscePackage(cwd, out, extraArgs = []) {
  const [cmd, args] = cwd === root ? ['npx', ['--no-install', 'vsce']] : [VSCE, []];
  execFileSync(cmd, [...args, 'package', '--no-dependencies', ...extraArgs, '-o', out], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 5 * 60_000,
  });
  return { bytes: statSync(out).size, entries: zipEntries(out) };
}

const table = (header, rows) => {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map(() => '---').join(' | ')} |`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
};

function main() {
  console.log('[bench] production build (node scripts/build.mjs --production, metafile captured)');
  const meta = buildProduction();
  const bundle = bundleSummary(meta);
  const scratch = mkdtempSync(join(tmpdir(), 'virtkit-bench-package-'));
  try {
    console.log('[bench] npx vsce package --no-dependencies (VirtKit, then the empty extension)');
    const ours = vscePackage(root, join(scratch, 'virtkit.vsix'));
    // The empty extension is packaged from a copy, so nothing is written into the repository.
    const emptyDir = join(scratch, 'empty-extension');
    cpSync(join(root, 'bench/activation/empty-extension'), emptyDir, { recursive: true });
    const empty = vscePackage(emptyDir, join(scratch, 'empty.vsix'), ['--skip-license', '--allow-missing-repository']);

    const versions = `Node ${process.version}, @vscode/vsce ${execFileSync(VSCE, ['--version'], { encoding: 'utf8', timeout: 60_000 }).trim()}`;
    console.log(`\n${versions}\n`);
    console.log('### The .vsix\n');
    const sum = (es, f) => es.reduce((s, e) => s + e[f], 0);
    table(
      ['package', '.vsix bytes', '.vsix KB', 'files', 'files uncompressed', '/ empty (bytes)', 'goal < 1 MB'],
      [
        ['VirtKit', ours, true],
        ['empty extension (baseline, same vsce)', empty, false],
      ].map(([name, p, goal]) => [
        name,
        p.bytes,
        kb(p.bytes),
        p.entries.length,
        kb(sum(p.entries, 'size')),
        `${(p.bytes / empty.bytes).toFixed(0)}×`,
        goal
          ? p.bytes < GOAL_BYTES
            ? `met (${pct(p.bytes, GOAL_BYTES)} of 1 MiB)`
            : `NOT met (${pct(p.bytes, GOAL_BYTES)} of 1 MiB)`
          : '',
      ]),
    );

    console.log('\n### Files in the VirtKit .vsix, largest compressed first\n');
    table(
      ['file', 'bytes', 'compressed', 'share of .vsix'],
      [...ours.entries]
        .sort((a, b) => b.compressed - a.compressed)
        .map((e) => [e.name, e.size, e.compressed, pct(e.compressed, ours.bytes)]),
    );

    // Every esbuild bundle that ships: the node one (main), the web one (browser), webview scripts.
    const shipped = bundlePaths(meta)
      .map((b) => ({ b, entry: ours.entries.find((e) => e.name === `extension/${b}`) }))
      .filter((x) => x.entry);
    console.log('\n### The bundles in the .vsix\n');
    // The content literal's part of the compressed bundle: deflate (what a .vsix uses) of the
    // bundle with and without it. An estimate: zlib's default level, not vsce's own run.
    const deflatedContent = (b) => {
      const source = readFileSync(join(root, b), 'utf8');
      // A bundle that reads dist/content.json carries no literal to cut.
      const cut = withoutContent(source)?.source ?? source;
      return deflateRawSync(Buffer.from(source)).length - deflateRawSync(Buffer.from(cut)).length;
    };
    let contentInVsix = 0;
    table(
      [
        'bundle',
        'bytes',
        'compressed in .vsix',
        'share of .vsix',
        'modules',
        'content literal bytes',
        'content literal deflated (est.)',
      ],
      shipped.map(({ b, entry }) => {
        const s = bundleSummary(meta, b);
        const content = s.inputs.find((i) => i.path.startsWith('virtkit-content:'));
        const deflated = content ? deflatedContent(b) : 0;
        contentInVsix += deflated;
        return [
          b,
          s.bytes,
          entry.compressed,
          pct(entry.compressed, ours.bytes),
          s.modules,
          content ? content.bytes : 0,
          deflated ? `${deflated} (${pct(deflated, ours.bytes)} of .vsix)` : '',
        ];
      }),
    );
    console.log(
      `\nThe content literal, in all bundles together, is about ${contentInVsix} bytes of the ` +
        `${ours.bytes}-byte .vsix (${pct(contentInVsix, ours.bytes)}).`,
    );
    for (const { b } of shipped) {
      const s = bundleSummary(meta, b);
      if (s.modules < 5) continue;
      console.log(`\n${b}: ${s.bytes} bytes (${kb(s.bytes)}), ${s.modules} modules\n`);
      table(
        ['part', 'modules', 'bytes in bundle', 'share'],
        [
          ...s.groups.map((g) => [g.group, g.modules, g.bytes, pct(g.bytes, s.bytes)]),
          [
            "esbuild's wrapper and helpers",
            '',
            s.bytes - s.groups.reduce((n, g) => n + g.bytes, 0),
            pct(s.bytes - s.groups.reduce((n, g) => n + g.bytes, 0), s.bytes),
          ],
        ],
      );
    }
    const byPackage = new Map();
    for (const i of bundle.inputs) {
      const p = packageOf(i.path);
      if (p) byPackage.set(p, (byPackage.get(p) ?? 0) + i.bytes);
    }
    console.log(`\n${bundle.path}, node_modules by package:\n`);
    table(
      ['package', 'bytes in bundle', 'share'],
      [...byPackage].sort((a, b) => b[1] - a[1]).map(([p, b]) => [p, b, pct(b, bundle.bytes)]),
    );
    console.log(`\n${bundle.path}, top ${TOP} inputs by bytes:\n`);
    table(
      ['input', 'part', 'bytes in bundle', 'share'],
      bundle.inputs.slice(0, TOP).map((i) => [i.path, i.group, i.bytes, pct(i.bytes, bundle.bytes)]),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
