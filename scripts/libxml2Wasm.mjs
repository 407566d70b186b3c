// How libxml2-wasm (libxml2 compiled to WebAssembly, pinned to 0.7.2) goes into the bundles.
//
// The package is an ES module that instantiates its WebAssembly with a top-level await
// (lib/libxml2.mjs) from a module that carries the whole .wasm as a ~940 KB string literal
// (lib/libxml2raw.mjs). Our bundles are CommonJS (VS Code loads them with require, and the
// web worker extension host evaluates them as scripts), which cannot hold a top-level await,
// and a megabyte string would be parsed on every activation. So at build time:
//  - the .wasm is taken out of the string and written once as dist/libxml2.wasm, which the
//    extension reads (fs in Node, vscode.workspace.fs on the web) only when it first validates;
//  - libxml2raw.mjs gets a stub in place of the string: its loader never reaches it, because
//    src/core/validation/libxml2Engine.ts passes the bytes through emscripten's
//    `instantiateWasm` hook;
//  - libxml2.mjs takes the instance, already created, from src/core/validation/libxml2Module.ts
//    instead of awaiting it at its top level, so it can be bundled as a lazy CommonJS module.
// Every replacement must match exactly once, or the build fails: a new libxml2-wasm version
// has to be looked at, not patched blindly.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const libDir = join(dirname(createRequire(import.meta.url).resolve('libxml2-wasm/package.json')), 'lib');
const RAW = join(libDir, 'libxml2raw.mjs');
const MAIN = join(libDir, 'libxml2.mjs');
const HANDOFF = join(root, 'src/core/validation/libxml2Module.ts');

/** The name of the .wasm file in dist/. */
export const LIBXML2_WASM = 'libxml2.wasm';
/** Its licence notices, beside it in dist/. */
export const LIBXML2_WASM_LICENSE = 'libxml2.wasm.LICENSE.txt';

// `pa??=ea('<the .wasm, one character per byte>')`: emscripten's SINGLE_FILE binary string.
const EMBEDDED = /(\w+)\?\?=(\w+)\('((?:[^'\\]|\\[\s\S])*)'\)/g;

function replaceOnce(text, pattern, replacement, what) {
  const matches = [
    ...text.matchAll(new RegExp(pattern, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`)),
  ];
  if (matches.length !== 1) {
    throw new Error(`libxml2-wasm: expected one ${what}, found ${matches.length}; check scripts/libxml2Wasm.mjs`);
  }
  const m = matches[0];
  return (
    text.slice(0, m.index) +
    (typeof replacement === 'function' ? replacement(m) : replacement) +
    text.slice(m.index + m[0].length)
  );
}

/** The WebAssembly module's bytes, decoded from the string literal as the package's own loader does. */
export function libxml2WasmBytes() {
  const text = readFileSync(RAW, 'utf8');
  let literal;
  replaceOnce(text, EMBEDDED, (m) => ((literal = m[3]), ''), 'embedded .wasm string');
  const decoded = runInNewContext(`'${literal}'`);
  const bytes = new Uint8Array(decoded.length);
  for (let i = 0; i < decoded.length; i++) bytes[i] = decoded.charCodeAt(i) & 0xff;
  if (!globalThis.WebAssembly.validate(bytes))
    throw new Error('libxml2-wasm: the embedded string is not a valid .wasm');
  return bytes;
}

/** The esbuild plugin that applies the replacements described above. */
export function libxml2WasmPlugin() {
  return {
    name: 'virtkit-libxml2-wasm',
    setup(build) {
      // Bundled even where other packages stay external (the test bundles): only the patched
      // copy can be loaded from CommonJS.
      build.onResolve({ filter: /^libxml2-wasm(?:\/|$)/ }, (args) => ({
        path: createRequire(join(args.resolveDir, 'x.js')).resolve(args.path),
      }));
      build.onLoad({ filter: /[\\/]libxml2-wasm[\\/]lib[\\/]libxml2raw\.mjs$/ }, () => {
        let text = readFileSync(RAW, 'utf8');
        text = replaceOnce(
          text,
          EMBEDDED,
          (m) => `${m[1]}??=(()=>{throw new Error("libxml2.wasm must be given through instantiateWasm")})()`,
          'embedded .wasm string',
        );
        // Only used to build a `require` for Node built-ins (fs, path, url, crypto); a bundle
        // has no module URL of its own, and CommonJS output has no import.meta.
        text = text.replaceAll('import.meta.url', '"file:///libxml2-wasm/libxml2raw.mjs"');
        return { contents: text, loader: 'js' };
      });
      build.onLoad({ filter: /[\\/]libxml2-wasm[\\/]lib[\\/]libxml2\.mjs$/ }, () => {
        let text = readFileSync(MAIN, 'utf8');
        text = replaceOnce(
          text,
          /^const libxml2 = await moduleLoader\(\);$/m,
          `import { takeLibxml2Module } from ${JSON.stringify(HANDOFF)};\nconst libxml2 = takeLibxml2Module();`,
          'top-level await of the module loader',
        );
        return { contents: text, loader: 'js' };
      });
    },
  };
}

/**
 * Writes dist/libxml2.wasm and, beside it, the licences of what it is built from (libxml2 and
 * libxml2-wasm, both MIT), which must travel with the binary.
 */
export function writeLibxml2Wasm(dist) {
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, LIBXML2_WASM), libxml2WasmBytes());
  const pkg = dirname(libDir);
  const { version } = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
  writeFileSync(
    join(dist, LIBXML2_WASM_LICENSE),
    `${LIBXML2_WASM} is libxml2 compiled to WebAssembly, taken unchanged from the npm package\n` +
      `libxml2-wasm ${version} (https://github.com/jameslan/libxml2-wasm), whose JavaScript\n` +
      `wrapper is bundled in extension.js and web/extension.js.\n\n` +
      `==== libxml2-wasm ====\n\n${readFileSync(join(pkg, 'LICENSE'), 'utf8')}\n` +
      `==== libxml2 ====\n\n${readFileSync(join(pkg, 'LICENSE.libxml2'), 'utf8')}`,
  );
}
