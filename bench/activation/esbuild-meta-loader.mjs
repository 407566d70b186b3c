// Module hook (see esbuild-meta-hook.mjs): only scripts/build.mjs's import of `esbuild` is
// redirected to the shim; everything else, the shim's own import included, resolves as usual.
export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'esbuild' && context.parentURL?.endsWith('/scripts/build.mjs')) {
    return { url: new URL('./esbuild-meta-shim.mjs', import.meta.url).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
