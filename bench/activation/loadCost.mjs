// What loading an extension's main file costs on its own, without VS Code: require() in a
// fresh Node process per sample (the extension host's Node, from the server cache), with
// `vscode` stubbed. Three files, interleaved: the empty extension, the production bundle, and
// a what-if copy of the bundle whose inlined content string is cut to '{}' (as if the
// knowledge base were read from its own file on first use). The what-if is never run beyond
// its top level.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverPaths } from '../../test/harness/serverCache.mjs';
import { BUNDLE, quantiles, root } from './bundle.mjs';

/**
 * The bundle without its content literal: the string behind `JSON.parse(<name>)` that
 * `virtkit:content` compiles to. Returns the new source and the literal's length, which the
 * caller checks against the metafile's bytes for the content module.
 */
export function withoutContent(source) {
  for (const m of source.matchAll(/JSON\.parse\(([A-Za-z_$][\w$]*)\)/g)) {
    const decl = new RegExp(`[,\\s;{(]${m[1].replace(/\$/g, '\\$')}=(['"\`])`, 'g');
    for (const d of source.matchAll(decl)) {
      const quote = d[1];
      const start = d.index + d[0].length - 1;
      let i = start + 1;
      while (i < source.length && source[i] !== quote) i += source[i] === '\\' ? 2 : 1;
      const literal = i - start + 1;
      if (literal > 100_000) {
        return {
          source: `${source.slice(0, start)}'{}'${source.slice(i + 1)}`,
          literalBytes: Buffer.byteLength(source.slice(start, i + 1)),
        };
      }
    }
  }
  // The Node bundle now reads dist/content.json on first use: nothing to cut.
  return undefined;
}

export function measureLoadCost({ samples = 15 } = {}) {
  const node = serverPaths().node;
  const scratch = mkdtempSync(join(tmpdir(), 'virtkit-bench-load-'));
  try {
    const cut = withoutContent(readFileSync(join(root, BUNDLE), 'utf8'));
    const files = [
      ['empty extension (baseline)', join(root, 'bench/activation/empty-extension/extension.js')],
      ['VirtKit production bundle', join(root, BUNDLE)],
    ];
    if (cut) {
      const whatIf = join(scratch, 'extension-without-content.js');
      writeFileSync(whatIf, cut.source);
      files.push(["what-if: the bundle with its content literal cut to '{}'", whatIf]);
    }
    const results = files.map(() => []);
    const child = join(root, 'bench/activation/load-child.js');
    for (let i = 0; i < samples; i++) {
      files.forEach(([, file], k) => {
        const out = execFileSync(node, ['--expose-gc', child, file], { encoding: 'utf8', timeout: 60_000 });
        results[k].push(JSON.parse(out.trim().split('\n').at(-1)));
      });
    }
    return {
      node: execFileSync(node, ['--version'], { encoding: 'utf8', timeout: 60_000 }).trim(),
      samples,
      literalBytes: cut?.literalBytes,
      rows: files.map(([name], k) => ({
        name,
        ms: quantiles(results[k].map((r) => r.ms)),
        retained: quantiles(results[k].map((r) => r.retained)),
      })),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
