// `node --import ./esbuild-meta-hook.mjs scripts/build.mjs …` runs the project's own build
// unchanged, except that scripts/build.mjs gets a wrapped esbuild whose build() also writes
// each build's metafile (one JSON line per build) to $VIRTKIT_BENCH_META. The benchmarks get
// the exact inputs of the bundle that ships without copying the build's configuration.
import { register } from 'node:module';

register('./esbuild-meta-loader.mjs', import.meta.url);
