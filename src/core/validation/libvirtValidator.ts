// Validates libvirt XML in process, against libvirt's own RelaxNG schemas, with libxml2
// compiled to WebAssembly: no virt-xml-validate, no libvirt installed, no child process, so
// it works the same on Linux, macOS, Windows and in a web worker (vscode.dev). It reads
// nothing but the document text and the schema files its loader hands it; nothing of
// libxml2 is loaded until the first document is validated.
//
// The caller supplies the files: the schemas by bare name (`domain.rng`, and what it
// includes) and the bytes of libxml2.wasm. In Node that is the extension folder; in the web
// worker, vscode.workspace.fs. Each schema is compiled once (~60 ms for domain.rng) and
// kept; validating a document then takes a few milliseconds.

import {
  detectLibvirtDocumentKind,
  refusedDoctype,
  unknownKindMessage,
  type LibvirtSchema,
  type RefusedDoctype,
} from './libvirtDocument';
import { sharedLibxml2Engine, SCHEMA_FILE_NAME, type Libxml2Engine, type Libxml2Schema } from './libxml2Engine';
import { libxml2Problems, type LibvirtProblem } from './libxml2Problems';

export type { LibvirtProblem, LibvirtProblemKind, LibvirtProblemNames } from './libxml2Problems';

/** Where the schemas and libxml2 come from; implemented by the caller (Node, web worker, tests). */
export interface LibvirtSchemaLoader {
  /** Says whose schemas judge, shown with every verdict: "libvirt 9.0.0 (bundled)". */
  readonly label: string;
  /**
   * A file of the schema folder by bare name (`domain.rng`), or undefined when there is none.
   * Only names matching SCHEMA_FILE_NAME are ever asked for.
   */
  read(name: string): Promise<Uint8Array | undefined>;
  /** The bytes of libxml2.wasm (dist/libxml2.wasm in the extension), asked for once. */
  wasm(): Promise<Uint8Array | ArrayBuffer>;
}

export type LibvirtValidationResult =
  | { readonly status: 'valid'; readonly schema: LibvirtSchema; readonly validator: string }
  | {
      readonly status: 'invalid';
      readonly schema: LibvirtSchema;
      readonly problems: readonly LibvirtProblem[];
      readonly validator: string;
    }
  /** The root element is not one of libvirt's documents, or the loader has no schema for it. */
  | { readonly status: 'unknown-kind'; readonly message: string }
  /** The document declares a DTD (external or with an internal subset): not parsed at all. */
  | ({ readonly status: 'refused-doctype' } & RefusedDoctype)
  /** Larger than MAX_DOCUMENT_LENGTH: not parsed. */
  | { readonly status: 'too-large'; readonly message: string }
  /** The signal was aborted before the verdict. */
  | { readonly status: 'cancelled'; readonly message: string }
  /** libxml2 or a schema could not be loaded, or libxml2 failed. */
  | { readonly status: 'error'; readonly message: string };

export interface LibvirtValidateOptions {
  /** The schema; detected from the root element when not given. */
  readonly schema?: LibvirtSchema;
  /** Stops waiting for libxml2 or a schema to load (a validation itself takes milliseconds). */
  readonly signal?: AbortSignal;
}

export interface LibvirtValidator {
  /** Validates a document. Never throws. */
  validate(text: string, options?: LibvirtValidateOptions): Promise<LibvirtValidationResult>;
  /** The loader's label. */
  readonly label: string;
}

/** Characters; libvirt documents are a few kilobytes, and libxml2 runs on the caller's thread. */
export const MAX_DOCUMENT_LENGTH = 16 * 1024 * 1024;

/** The files a schema includes (`<include href>`, `<externalRef href>`), by name. */
function includedFiles(schema: Uint8Array): string[] {
  const text = new TextDecoder().decode(schema);
  const names: string[] = [];
  for (const m of text.matchAll(/<(?:\w+:)?(?:include|externalRef)\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1/g))
    names.push(m[2]);
  return names;
}

/**
 * Reads `main` and every file it includes, transitively. Names that are not bare schema file
 * names (paths, URLs) are left out: libxml2 will be refused them and say so.
 */
async function readSchemaFiles(loader: LibvirtSchemaLoader, main: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const pending = [main];
  while (pending.length > 0) {
    const batch = pending.splice(0).filter((n) => !files.has(n) && SCHEMA_FILE_NAME.test(n));
    const read = await Promise.all(batch.map(async (name) => [name, await loader.read(name)] as const));
    for (const [name, bytes] of read) {
      if (!bytes) {
        if (name === main) throw new MissingSchema(main);
        continue;
      }
      files.set(name, bytes);
      pending.push(...includedFiles(bytes));
    }
  }
  return files;
}

class MissingSchema extends Error {}

function cancelled(): LibvirtValidationResult {
  return { status: 'cancelled', message: 'The validation was cancelled.' };
}

/** Creates a validator that judges documents by the schemas `loader` serves. */
export function createLibvirtValidator(loader: LibvirtSchemaLoader): LibvirtValidator {
  const schemas = new Map<LibvirtSchema, Promise<Libxml2Schema>>();

  const compiled = (schema: LibvirtSchema): Promise<Libxml2Schema> => {
    let entry = schemas.get(schema);
    if (!entry) {
      const created = (async () => {
        const files = await readSchemaFiles(loader, `${schema}.rng`);
        return (await sharedLibxml2Engine(() => loader.wasm())).compileSchema(`${schema}.rng`, files);
      })();
      entry = created;
      schemas.set(schema, created);
      created.catch(() => {
        if (schemas.get(schema) === created) schemas.delete(schema);
      });
    }
    return entry;
  };

  const validate = async (text: string, options: LibvirtValidateOptions = {}): Promise<LibvirtValidationResult> => {
    const { signal } = options;
    const schema = options.schema ?? detectLibvirtDocumentKind(text);
    if (!schema) return { status: 'unknown-kind', message: unknownKindMessage(text) };
    const refused = refusedDoctype(text);
    if (refused) return { status: 'refused-doctype', ...refused };
    if (text.length > MAX_DOCUMENT_LENGTH) {
      return {
        status: 'too-large',
        message: `The document has ${text.length} characters; documents over ${MAX_DOCUMENT_LENGTH} are not validated.`,
      };
    }
    if (signal?.aborted) return cancelled();
    let libxml2: Libxml2Engine;
    let compiledSchema: Libxml2Schema;
    try {
      libxml2 = await sharedLibxml2Engine(() => loader.wasm());
      if (signal?.aborted) return cancelled();
      compiledSchema = await compiled(schema);
    } catch (e) {
      if (e instanceof MissingSchema) {
        return { status: 'unknown-kind', message: `${loader.label} has no schema ${schema}.rng.` };
      }
      return { status: 'error', message: e instanceof Error ? e.message : String(e) };
    }
    if (signal?.aborted) return cancelled();
    try {
      const outcome = libxml2.validate(compiledSchema, text);
      if (outcome.status === 'valid') return { status: 'valid', schema, validator: loader.label };
      const problems = libxml2Problems(text, outcome.diagnostics, outcome.status === 'not-well-formed');
      return { status: 'invalid', schema, problems, validator: loader.label };
    } catch (e) {
      return { status: 'error', message: `libxml2 failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  };

  return { validate, label: loader.label };
}
