// Validates libvirt XML documents with libvirt's own `virt-xml-validate` (a shell script that
// runs `xmllint --relaxng` against the schemas libvirt installs) and turns its output into
// problems with line and column numbers. The tool is run through runProcess: a fixed
// executable name or a given absolute path, an argument list, a timeout that stops the whole
// process tree (the script and its xmllint), never a shell. virt-xml-validate runs xmllint
// without --nonet, so a document that declares a DOCTYPE is refused before the tool sees it
// (xmlSafety.ts): otherwise its external entities would make xmllint fetch URLs or read files.
//
// What the tool prints (libvirt 9, libxml2 2.9), on stderr:
//   FILE:5: element devices: Relax-NG validity error : Element domain failed to validate content
//   Relax-NG validity error : Extra element devices in interleave        (no line: a summary)
//   FILE:2: parser error : Opening and ending tag mismatch: memory line 2 and oops
//   <memory>1</oops></domain>                                            (context, ≤ 80 bytes)
//                   ^                                                    (caret: the column)
//   FILE fails to validate    |    FILE validates
// Exit status: 0 valid, 1 not well-formed, 3 invalid, 2 no such file, 4 no such schema,
// 127 xmllint missing (the script's shell could not find it).

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { runProcess } from '../process/runProcess';
import {
  DETECTION_WINDOW,
  detectLibvirtDocumentKind,
  refusedDoctype,
  rootElementName,
  unknownKindMessage,
  type RefusedDoctype,
  type LibvirtSchema,
  type XmlProblem,
} from './libvirtDocument';

export { DETECTION_WINDOW, detectLibvirtDocumentKind, rootElementName, type LibvirtSchema, type XmlProblem };

export type VirtXmlValidateResult =
  | { readonly status: 'valid'; readonly schema: LibvirtSchema }
  | { readonly status: 'invalid'; readonly schema: LibvirtSchema; readonly problems: readonly XmlProblem[] }
  /** The root element is not a libvirt document, or the installed libvirt has no such schema. */
  | { readonly status: 'unknown-kind'; readonly message: string }
  /** virt-xml-validate (package libvirt-clients) or xmllint (package libxml2-utils) is not installed. */
  | { readonly status: 'tool-missing'; readonly message: string }
  /**
   * The document declares a DOCTYPE or an entity (at 1-based `line`/`column`): not validated,
   * since that is how a document makes a parser fetch URLs or read local files.
   */
  | ({ readonly status: 'refused-doctype' } & RefusedDoctype)
  | { readonly status: 'timeout'; readonly message: string }
  | { readonly status: 'error'; readonly message: string };

export interface VirtXmlValidateOptions {
  /** The schema; detected from the file's root element when not given. */
  readonly schema?: LibvirtSchema;
  /** An absolute path to virt-xml-validate; by default the name, looked up on PATH. */
  readonly executable?: string;
  /** Milliseconds; 10 s by default. */
  readonly timeoutMs?: number;
}

export const VIRT_XML_VALIDATE = 'virt-xml-validate';
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Bytes of the UTF-8 encoding of one UTF-16 code point. */
function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** The number of characters (code units) of `text` covered by its first `bytes` UTF-8 bytes. */
function charsForBytes(text: string, bytes: number): number {
  let used = 0;
  let i = 0;
  while (i < text.length && used < bytes) {
    const cp = text.codePointAt(i) ?? 0;
    used += utf8Length(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** UTF-8 byte length of a string. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const ch of text) bytes += utf8Length(ch.codePointAt(0) ?? 0);
  return bytes;
}

/**
 * Parses virt-xml-validate / xmllint output for `filePath` (exactly as passed to the tool).
 *
 * A parser error's column is where xmllint's parser stopped (for a mismatched end tag: just
 * after it), shown by a caret under a window of at most 80 bytes of the line. The caret
 * counts bytes, and libxml2 2.9 cannot place it past a window cut at its start; with the
 * document's text (`sourceText`) the window is found in the source line, so the column is
 * exact in characters either way. Relax-NG errors come with a line only; there the column is
 * the one of the named element's start tag on that line, when it is there.
 */
export function parseVirtXmlValidateOutput(output: string, filePath: string, sourceText?: string): XmlProblem[] {
  const lines = output.split(/\r?\n/);
  const sourceLines = sourceText?.split(/\r\n|\r|\n/);
  const problems: XmlProblem[] = [];
  const prefix = filePath + ':';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    if (!text.trim()) continue;
    if (text === `${filePath} validates` || text === `${filePath} fails to validate`) continue;
    if (text.startsWith(prefix)) {
      const m = /^(\d+): (?:element ([^:\s]+): )?(.+?) : (.*)$/.exec(text.slice(prefix.length));
      if (m) {
        const line = Number(m[1]);
        const element = m[2];
        const sourceLine = sourceLines?.[line - 1];
        let column: number | null = null;
        // A parser error is followed by a window of the line and a caret under the column.
        const context = lines[i + 1];
        const caret = lines[i + 2];
        if (context !== undefined && caret !== undefined && /^[ \t]*\^$/.test(caret)) {
          const caretBytes = caret.length - 1;
          const offset = sourceLine !== undefined && context ? sourceLine.indexOf(context) : -1;
          if (offset > 0 && caretBytes >= utf8Bytes(context) - 1) {
            // The window was cut at its start, so it ends right before the error position,
            // under which libxml2 2.9 cannot put the caret. When the error is at the end of
            // the line, xmllint stepped back over the line end first: the window then stops
            // one character short of it.
            const end = offset + context.length;
            column = (sourceLine!.length - end === 1 ? sourceLine!.length : end) + 1;
          } else if (offset > 0) {
            column = offset + charsForBytes(context, caretBytes) + 1;
          } else {
            column = charsForBytes(context, caretBytes) + 1;
          }
          i += 2;
        } else if (element && sourceLine !== undefined) {
          const at = sourceLine.search(
            new RegExp(`<(?:[\\w.-]+:)?${element.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s/>]|$)`),
          );
          if (at >= 0) column = at + 1;
        }
        problems.push({ line, column, message: m[4], ...(element ? { element } : {}) });
        continue;
      }
    }
    const summary = /^(?:Relax-NG validity error|[\w -]*error) : (.*)$/.exec(text);
    problems.push({ line: null, column: null, message: summary ? summary[1] : text });
  }
  return problems;
}

interface ToolOutcome {
  readonly code: number | null;
  readonly output: string;
  readonly failure?: 'not-found' | 'permission-denied' | 'timeout' | 'cancelled' | 'spawn-error';
  readonly errorMessage?: string;
}

async function run(executable: string, args: readonly string[], timeoutMs: number): Promise<ToolOutcome> {
  const r = await runProcess(executable, args, { timeoutMs });
  return { code: r.code, output: `${r.stderr}${r.stdout}`, failure: r.failure, errorMessage: r.errorMessage };
}

/** The refusal for text that declares a DOCTYPE or an entity, or undefined when it declares none. */
export function refuseDoctype(text: string): VirtXmlValidateResult | undefined {
  const refused = refusedDoctype(text);
  return refused && { status: 'refused-doctype', ...refused };
}

async function readAll(filePath: string): Promise<string | undefined> {
  try {
    return await readFile(filePath, 'utf8');
  } catch {
    return undefined;
  }
}

/** The result for text whose root element is not one of libvirt's documents. */
function unknownKind(start: string): VirtXmlValidateResult {
  return { status: 'unknown-kind', message: unknownKindMessage(start) };
}

/** Validates the libvirt XML document at `filePath`. Never throws. */
export async function validateLibvirtXmlFile(
  filePath: string,
  options: VirtXmlValidateOptions = {},
): Promise<VirtXmlValidateResult> {
  const executable = options.executable ?? VIRT_XML_VALIDATE;
  if (executable !== VIRT_XML_VALIDATE && !isAbsolute(executable)) {
    return { status: 'error', message: `The validator must be given as an absolute path, not "${executable}".` };
  }
  // The whole file is screened, not just its start: the tool must never see a DOCTYPE.
  const text = await readAll(filePath);
  if (text === undefined) return { status: 'error', message: `Cannot read ${filePath}.` };
  const refused = refuseDoctype(text);
  if (refused) return refused;
  const schema = options.schema ?? detectLibvirtDocumentKind(text);
  if (!schema) return unknownKind(text);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { code, output, failure, errorMessage } = await run(executable, [filePath, schema], timeoutMs);
  const said = output.trim();
  if (failure === 'not-found') {
    return { status: 'tool-missing', message: `${executable} was not found (Debian/Ubuntu package libvirt-clients).` };
  }
  if (failure === 'timeout' || failure === 'cancelled') {
    return { status: 'timeout', message: `${executable} did not finish within ${timeoutMs / 1000} s.` };
  }
  if (code === 127 || /xmllint: (?:command )?not found/.test(said)) {
    return { status: 'tool-missing', message: `xmllint was not found (package libxml2-utils): ${said}` };
  }
  if (code === 0) return { status: 'valid', schema };
  if (code === 4 || /schema .* does not exist/.test(said)) return { status: 'unknown-kind', message: said };
  if (code === 2) return { status: 'error', message: said };
  const problems = parseVirtXmlValidateOutput(output, filePath, text);
  if (problems.length > 0 && (code === 1 || code === 3)) return { status: 'invalid', schema, problems };
  return { status: 'error', message: said || `${executable} failed (${errorMessage ?? `exit ${code}`}).` };
}

/**
 * Validates XML text (an unsaved editor, say): writes it to a private temporary file,
 * validates that, removes it. Line and column numbers are those of the text.
 */
export async function validateLibvirtXmlText(
  text: string,
  options: VirtXmlValidateOptions = {},
): Promise<VirtXmlValidateResult> {
  const refused = refuseDoctype(text);
  if (refused) return refused;
  const schema = options.schema ?? detectLibvirtDocumentKind(text);
  if (!schema) return unknownKind(text);
  const dir = await mkdtemp(join(tmpdir(), 'virtkit-xml-'));
  try {
    const file = join(dir, `${schema}.xml`);
    await writeFile(file, text, { mode: 0o600 });
    return await validateLibvirtXmlFile(file, { ...options, schema });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
