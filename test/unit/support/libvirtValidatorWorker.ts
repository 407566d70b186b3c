// A web worker that runs the in-process libvirt validator the way the web extension host
// would: the browser build, no Node, files fetched from its own origin (standing in for
// vscode.workspace.fs). Bundled and driven by libvirtValidatorWeb.unit.test.ts.
import { createLibvirtValidator } from '../../../src/core/validation/libvirtValidator';

const scope = self as unknown as { postMessage(data: unknown): void; onmessage: (e: { data: string[] }) => void };

async function fetchBytes(path: string): Promise<Uint8Array | undefined> {
  const response = await fetch(path);
  return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
}

const validator = createLibvirtValidator({
  label: 'libvirt 9.0.0 (web worker)',
  read: (name) => fetchBytes(`schemas/${name}`),
  wasm: async () => {
    const bytes = await fetchBytes('libxml2.wasm');
    if (!bytes) throw new Error('no libxml2.wasm');
    return bytes;
  },
});

scope.onmessage = async (e) => {
  const results = [];
  const started = performance.now();
  for (const text of e.data) results.push(await validator.validate(text));
  scope.postMessage({
    results,
    ms: performance.now() - started,
    hasNode: typeof (globalThis as { process?: unknown }).process !== 'undefined',
  });
};
