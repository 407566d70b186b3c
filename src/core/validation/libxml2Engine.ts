// libxml2, compiled to WebAssembly (npm package libxml2-wasm), as the libvirt validator uses
// it: one instance per JavaScript realm, created on first use from the .wasm bytes the caller
// hands in (the build ships them as dist/libxml2.wasm: scripts/libxml2Wasm.mjs), so nothing
// of it is loaded or evaluated on activation. Works in Node and in a web worker alike.
//
// What libxml2 may read: the document text it is given, and, while a schema is compiled,
// the schema files it is given, by bare name. Every other request (an absolute path, a URL,
// `..`, a DTD, an entity) is claimed by our input provider and refused, so libxml2's built-in
// loaders never see one. WebAssembly has no sockets; the parse options below turn off DTD
// loading and entity substitution besides.

import type * as Libxml2 from 'libxml2-wasm';
import type { RelaxNGValidator } from 'libxml2-wasm';
import { setLibxml2Module } from './libxml2Module';

/**
 * libxml2 parse options for a document (values of libxml2's xmlParserOption):
 * XML_PARSE_NONET (2048): no network access, also through input providers;
 * XML_PARSE_BIG_LINES (4194304): line numbers above 65535 stay right;
 * XML_PARSE_NO_XXE (8388608): no external DTD, no external entity, even if asked;
 * XML_PARSE_NO_SYS_CATALOG (33554432): no system XML catalog.
 * Deliberately absent: XML_PARSE_NOENT (2, entity substitution), XML_PARSE_DTDLOAD (4),
 * XML_PARSE_DTDATTR (8), XML_PARSE_DTDVALID (16), XML_PARSE_XINCLUDE (1024),
 * XML_PARSE_HUGE (524288: keeps libxml2's limits on depth and sizes).
 */
export const DOCUMENT_PARSE_OPTIONS = 2048 | 4194304 | 8388608 | 33554432;

/** A file name the input provider may serve: a bare schema file name, nothing else. */
export const SCHEMA_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.rng$/;

/** One diagnostic from libxml2, as its structured error handler reports it. */
export interface Libxml2Diagnostic {
  /** libxml2's message, without the trailing newline. */
  readonly message: string;
  /** 1 warning, 2 error, 3 fatal error. */
  readonly level: number;
  /** 1-based, 0 when libxml2 gave none. */
  readonly line: number;
  /** 1-based, in characters (code points), 0 when libxml2 gave none (validation errors). */
  readonly column: number;
  /** The node libxml2 named, as an XPath (xmlGetNodePath), when it named one. */
  readonly path?: string;
}

/** The outcome of validating one document. */
export type Libxml2Outcome =
  | { readonly status: 'valid' }
  /** Not well-formed: libxml2's parser refused it; nothing was validated. */
  | { readonly status: 'not-well-formed'; readonly diagnostics: readonly Libxml2Diagnostic[] }
  | { readonly status: 'invalid'; readonly diagnostics: readonly Libxml2Diagnostic[] };

/** A compiled RelaxNG schema. */
export interface Libxml2Schema {
  readonly name: string;
}

export interface Libxml2Engine {
  /**
   * Compiles the RelaxNG schema `main`. `files` holds it and every file it includes, by bare
   * name; libxml2 can open nothing else. Throws an Error with libxml2's messages on failure.
   */
  compileSchema(main: string, files: ReadonlyMap<string, Uint8Array>): Libxml2Schema;
  /** Parses `text` with DOCUMENT_PARSE_OPTIONS and validates it against `schema`. */
  validate(schema: Libxml2Schema, text: string): Libxml2Outcome;
  /**
   * Parses `text` with DOCUMENT_PARSE_OPTIONS only, no schema, and gives the document back as
   * libxml2 serializes it: what the parser made of it (were entities substituted?), for tests.
   */
  parse(text: string): {
    readonly ok: boolean;
    readonly serialized?: string;
    readonly diagnostics: readonly Libxml2Diagnostic[];
  };
  /** Every name libxml2 asked the input provider for, oldest first (at most the last 100). */
  readonly inputRequests: readonly string[];
}

interface SchemaEntry extends Libxml2Schema {
  readonly validator: RelaxNGValidator;
}

type ModuleFactory = (moduleArg: Record<string, unknown>) => Promise<unknown>;

function diagnostics(details: unknown): Libxml2Diagnostic[] {
  if (!Array.isArray(details)) return [];
  return details.map((d: { message?: string; level?: number; line?: number; col?: number; xpath?: string }) => ({
    message: String(d.message ?? '').replace(/\s+$/, ''),
    level: d.level ?? 2,
    line: d.line ?? 0,
    column: d.col ?? 0,
    ...(d.xpath ? { path: d.xpath } : {}),
  }));
}

/** Instantiates libxml2 from `wasm` and loads libxml2-wasm's wrapper over it. */
async function instantiate(wasm: Uint8Array | ArrayBuffer): Promise<typeof Libxml2> {
  // The raw emscripten module only defines the loader; nothing runs until it is called.
  const factory = (await import('libxml2-wasm/lib/libxml2raw.mjs')).default as unknown as ModuleFactory;
  // A Node Buffer is a Uint8Array over an ArrayBufferLike, which the DOM typings do not call a BufferSource.
  const compiled = await WebAssembly.compile(wasm as BufferSource);
  const module = await new Promise<unknown>((resolve, reject) => {
    factory({
      // emscripten's hook for supplying the module ourselves; its own loader is stripped out.
      instantiateWasm(imports: WebAssembly.Imports, done: (i: WebAssembly.Instance, m: WebAssembly.Module) => void) {
        WebAssembly.instantiate(compiled, imports).then((i) => done(i, compiled), reject);
        return {};
      },
      // libxml2's messages reach us through structured error handlers, not the console.
      print: () => undefined,
      printErr: () => undefined,
    }).then(resolve, reject);
  });
  setLibxml2Module(module);
  return import('libxml2-wasm');
}

let shared: Promise<Libxml2Engine> | undefined;

/**
 * The realm's engine, created on first call from the bytes `wasm` gives; later calls get the
 * same one (libxml2-wasm's wrapper binds to a single instance), whatever they pass. A failed
 * creation (a missing file, say) is tried again on the next call.
 */
export function sharedLibxml2Engine(wasm: () => Promise<Uint8Array | ArrayBuffer>): Promise<Libxml2Engine> {
  if (!shared) {
    const created = (async () => createLibxml2Engine(await wasm()))();
    shared = created;
    created.catch(() => {
      if (shared === created) shared = undefined;
    });
  }
  return shared;
}

async function createLibxml2Engine(wasm: Uint8Array | ArrayBuffer): Promise<Libxml2Engine> {
  const api = await instantiate(wasm);
  const requests: string[] = [];
  let serving: ReadonlyMap<string, Uint8Array> | undefined;
  const open = new Map<number, { data: Uint8Array; offset: number }>();
  let nextFd = 1;
  const registered = api.xmlRegisterInputProvider({
    // Every request is claimed here, so none falls through to libxml2's own file loader.
    match(name: string) {
      requests.push(name);
      if (requests.length > 100) requests.shift();
      return true;
    },
    open(name: string) {
      const data = SCHEMA_FILE_NAME.test(name) ? serving?.get(name) : undefined;
      if (!data) return undefined;
      const fd = nextFd++;
      open.set(fd, { data, offset: 0 });
      return fd;
    },
    read(fd: number, buffer: Uint8Array) {
      const file = open.get(fd);
      if (!file) return -1;
      const n = Math.min(buffer.byteLength, file.data.byteLength - file.offset);
      buffer.set(file.data.subarray(file.offset, file.offset + n));
      file.offset += n;
      return n;
    },
    close(fd: number) {
      open.delete(fd);
      return true;
    },
  });
  if (!registered) throw new Error('libxml2 did not accept the input provider');

  const parseDocument = (text: string) =>
    // The text is a JavaScript string, handed over as UTF-8: an encoding declaration in it
    // cannot make libxml2 decode it as something else.
    api.XmlDocument.fromString(text, { option: DOCUMENT_PARSE_OPTIONS, encoding: 'utf-8' });

  return {
    inputRequests: requests,
    compileSchema(main, files) {
      const bytes = files.get(main);
      if (!bytes) throw new Error(`${main} is not among the schema files`);
      serving = files;
      try {
        const doc = api.XmlDocument.fromBuffer(bytes, { url: main, option: DOCUMENT_PARSE_OPTIONS });
        try {
          // libxml2 copies the document into the compiled schema: it can go at once.
          const validator = api.RelaxNGValidator.fromDoc(doc);
          const entry: SchemaEntry = { name: main, validator };
          return entry;
        } finally {
          doc.dispose();
        }
      } catch (e) {
        const found = diagnostics((e as { details?: unknown }).details);
        throw new Error(
          `libxml2 could not compile ${main}: ${found.map((d) => d.message).join('; ') || (e as Error).message}`,
        );
      } finally {
        serving = undefined;
      }
    },
    validate(schema, text) {
      let doc: Libxml2.XmlDocument;
      try {
        doc = parseDocument(text);
      } catch (e) {
        if (!(e instanceof api.XmlError)) throw e;
        const found = diagnostics((e as { details?: unknown }).details);
        return {
          status: 'not-well-formed',
          diagnostics: found.length ? found : [{ message: e.message, level: 3, line: 0, column: 0 }],
        };
      }
      try {
        (schema as SchemaEntry).validator.validate(doc);
        return { status: 'valid' };
      } catch (e) {
        if (!(e instanceof api.XmlValidateError)) throw e;
        return { status: 'invalid', diagnostics: diagnostics(e.details) };
      } finally {
        doc.dispose();
      }
    },
    parse(text) {
      try {
        const doc = parseDocument(text);
        try {
          return { ok: true, serialized: doc.toString({ format: false }), diagnostics: [] };
        } finally {
          doc.dispose();
        }
      } catch (e) {
        if (!(e instanceof api.XmlError)) throw e;
        return { ok: false, diagnostics: diagnostics((e as { details?: unknown }).details) };
      }
    },
  };
}
