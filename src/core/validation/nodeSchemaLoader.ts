// The libvirt validator's files, read from disk in Node: the extension's own copy of the
// schemas (data/libvirt-schemas) or another schema folder, and dist/libxml2.wasm. The web
// worker has no file system; there the VS Code side reads the same files through
// vscode.workspace.fs.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SCHEMA_FILE_NAME } from './libxml2Engine';
import type { LibvirtSchemaLoader } from './libvirtValidator';

/**
 * A loader that reads schema files from `schemaDir` (by bare name only) and libxml2's
 * WebAssembly from `wasmFile`. A file that cannot be read is reported as absent.
 */
export function nodeSchemaLoader(options: {
  readonly schemaDir: string;
  readonly wasmFile: string;
  readonly label: string;
}): LibvirtSchemaLoader {
  return {
    label: options.label,
    async read(name) {
      if (!SCHEMA_FILE_NAME.test(name)) return undefined;
      try {
        return await readFile(join(options.schemaDir, name));
      } catch {
        return undefined;
      }
    },
    wasm: () => readFile(options.wasmFile),
  };
}
