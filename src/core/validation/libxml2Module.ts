// The hand-over of the libxml2 WebAssembly instance to libxml2-wasm's own wrapper module.
// libxml2-wasm creates its instance with a top-level await, which a CommonJS bundle cannot
// hold; the build (scripts/libxml2Wasm.mjs) makes its lib/libxml2.mjs call
// takeLibxml2Module() instead, and libxml2Engine.ts creates the instance first, from the
// .wasm bytes the caller supplies, and puts it here.

let instance: unknown;

/** Called by libxml2Engine.ts once the instance exists, before libxml2-wasm is evaluated. */
export function setLibxml2Module(module: unknown): void {
  instance = module;
}

/** Called by libxml2-wasm's lib/libxml2.mjs (patched at build time) when it is evaluated. */
export function takeLibxml2Module(): unknown {
  if (instance === undefined) {
    throw new Error('libxml2-wasm was evaluated before its WebAssembly instance was created (see libxml2Engine.ts)');
  }
  return instance;
}
