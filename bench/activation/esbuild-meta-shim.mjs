// esbuild as scripts/build.mjs sees it under esbuild-meta-hook.mjs: the real module, with a
// build() that asks for a metafile and appends it to $VIRTKIT_BENCH_META.
import { appendFileSync } from 'node:fs';
import * as esbuild from 'esbuild';

export * from 'esbuild';

export async function build(options) {
  const result = await esbuild.build({ ...options, metafile: true });
  const out = process.env.VIRTKIT_BENCH_META;
  if (out) {
    const line = { entryPoints: options.entryPoints, outdir: options.outdir, metafile: result.metafile };
    appendFileSync(out, JSON.stringify(line) + '\n');
  }
  return result;
}
