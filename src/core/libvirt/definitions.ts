// Reading and defining libvirt definitions (domains, networks, storage pools) as XML text, and
// the `libvirt:` URIs that name them. Writes run through virsh's `define`, `net-define` and
// `pool-define` with the XML in a temporary file of mode 0600 (in a folder of mode 0700), which
// is deleted afterwards: virsh reads files, not standard input, and a definition may hold
// secrets (VNC passwords). After a successful define the stored XML is read back and compared
// with what was submitted (xmlDiff.ts), so that nothing libvirt dropped goes unmentioned.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../process/runProcess';
import { rootElementName } from '../validation/libvirtDocument';
import { domainArg } from './actions';
import { batchUri, classifyFailure, DEFAULT_TIMEOUT_MS, type VirshFailure, type VirshOptions } from './virshClient';
import { diffXml, parseXml, type XmlChange } from './xmlDiff';

/** The kinds of object whose definition can be edited. */
export type DefinitionKind = 'domain' | 'network' | 'pool';
export const DEFINITION_KINDS: readonly DefinitionKind[] = ['domain', 'network', 'pool'];

/** One definition on one connection: what the commands' argument object carries. */
export interface DefinitionRef {
  readonly uri: string;
  readonly kind: DefinitionKind;
  readonly name: string;
}

// ---- libvirt: URIs ------------------------------------------------------------------------
//
// `libvirt://<connection>/<kind>/<name>.xml`, for example
// `libvirt://qemu-3a-2f-2f-2fsystem/domain/web%20server.xml`.
//
// <connection> is the libvirt URI with every byte of its UTF-8 form that is not a lower-case
// ASCII letter or digit written as `-` and two lower-case hex digits. An authority is compared
// and printed case-insensitively (VS Code lower-cases it), and may not hold `/`, `@`, `:` as
// data, so only characters that survive all of that are left in it. Every URI round-trips.
//
// <name> is the object's name as a single path segment; VS Code percent-encodes it in the URI's
// string form and decodes it again, so spaces, quotes, `$()`, `;`, `%`, `#`, `?`, CJK and emoji
// round-trip. libvirt refuses `/` in names, so the segment never splits. The `.xml` suffix gives
// the editor its language and keeps names like `..` from reading as path steps.

/** The URI scheme of definitions. */
export const LIBVIRT_SCHEME = 'libvirt';

/** A libvirt connection URI as a URI authority (see above). */
export function encodeConnection(uri: string): string {
  let out = '';
  for (const byte of Buffer.from(uri, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[a-z0-9]/.test(c) ? c : `-${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** The libvirt URI an authority names, or undefined when it is not one encodeConnection made. */
export function decodeConnection(authority: string): string | undefined {
  const s = authority.toLowerCase();
  if (!/^(?:[a-z0-9]|-[0-9a-f]{2})+$/.test(s)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < s.length;) {
    if (s[i] === '-') {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else bytes.push(s.charCodeAt(i++));
  }
  const text = Buffer.from(bytes).toString('utf8');
  return Buffer.from(text, 'utf8').equals(Buffer.from(bytes)) ? text : undefined;
}

/** The path part of a definition's URI (decoded form). */
export function definitionPath(kind: DefinitionKind, name: string): string {
  return `/${kind}/${name}.xml`;
}

/** The kind and name a decoded URI path names, or undefined. */
export function parseDefinitionPath(path: string): { kind: DefinitionKind; name: string } | undefined {
  const m = /^\/(domain|network|pool)\/([^/]+)\.xml$/.exec(path);
  return m ? { kind: m[1] as DefinitionKind, name: m[2] } : undefined;
}

/** Whether `name` can be a libvirt object name (libvirt itself refuses `/` and empty names). */
export function isPossibleName(name: string): boolean {
  return name !== '' && !name.includes('/') && !name.includes('\0');
}

// ---- documents ----------------------------------------------------------------------------

/** The kind of definition a document's root element is, or undefined. */
export function definitionKindOf(xml: string): DefinitionKind | undefined {
  const root = rootElementName(xml);
  return root === 'domain' || root === 'network' || root === 'pool' ? root : undefined;
}

/** The `<name>` of a definition (the root's child), or undefined when it has none or is not XML. */
export function definitionName(xml: string): string | undefined {
  try {
    return parseXml(xml).children.find((c) => c.name === 'name')?.text || undefined;
  } catch {
    return undefined;
  }
}

/** A fingerprint of a definition as read, to notice that it changed on the host since. */
export function hashDefinition(xml: string): string {
  return createHash('sha256').update(xml, 'utf8').digest('hex');
}

// ---- virsh --------------------------------------------------------------------------------

const DUMP: Readonly<Record<DefinitionKind, [string, string]>> = {
  domain: ['dumpxml', '--domain'],
  network: ['net-dumpxml', '--network'],
  pool: ['pool-dumpxml', '--pool'],
};
const DEFINE: Readonly<Record<DefinitionKind, string>> = {
  domain: 'define',
  network: 'net-define',
  pool: 'pool-define',
};

/** What virsh said when it failed: its error lines, without the "Failed to …" preamble. */
function virshError(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const useful = lines.filter((l) => !/^error: Failed to (define|get|open)\b/.test(l));
  return (useful.length > 0 ? useful : lines).map((l) => l.replace(/^error:\s*/, '')).join('\n');
}

async function virsh(uri: string, args: string[], options: VirshOptions) {
  return runProcess(options.virshPath ?? 'virsh', ['-c', batchUri(uri), ...args], {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    // virsh's messages in English (they are parsed), names in UTF-8.
    env: { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' },
    maxOutputBytes: 16 * 1024 * 1024,
  });
}

export type ReadResult =
  | { readonly ok: true; readonly xml: string }
  | {
      readonly ok: false;
      /** `not-found`: the connection answered, the object does not exist. */
      readonly failure: VirshFailure | 'not-found';
      readonly message: string;
    };

/**
 * The XML of a definition: the persistent one (`--inactive`, what the next start uses) by
 * default, the running one with `live`.
 */
export async function readDefinition(
  ref: DefinitionRef,
  options: VirshOptions & { live?: boolean } = {},
): Promise<ReadResult> {
  const [command, flag] = DUMP[ref.kind];
  // A domain named like an ID or a UUID is read by its UUID (see domainArg), or it would be
  // another domain's XML under this name, and saving it would redefine that other domain.
  let name = ref.name;
  if (ref.kind === 'domain') {
    const d = await domainArg(ref.uri, ref.name, options);
    if (d.failed) return { ok: false, failure: d.failed.failure ?? 'other', message: d.failed.message };
    if (d.arg === undefined) return { ok: false, failure: 'not-found', message: `no domain named '${ref.name}'` };
    name = d.arg;
  }
  const r = await virsh(ref.uri, [command, ...(options.live ? [] : ['--inactive']), flag, name], options);
  const failed = classifyFailure(r);
  if (failed) return { ok: false, ...failed };
  if (r.code !== 0) {
    const message = virshError(r.stderr) || `virsh exited with ${r.code}`;
    const notFound = /not found|no (domain|network|storage pool) with matching|failed to get/i.test(r.stderr);
    return { ok: false, failure: notFound ? 'not-found' : 'other', message };
  }
  return { ok: true, xml: r.stdout };
}

/** Names of the definitions of a kind on a connection (`list --all --name`, …). */
export async function listDefinitions(uri: string, kind: DefinitionKind, options: VirshOptions = {}) {
  const command = { domain: 'list', network: 'net-list', pool: 'pool-list' }[kind];
  const r = await virsh(uri, [command, '--all', '--name'], options);
  if (r.code !== 0) return undefined;
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}

/** Where in the submitted text libvirt's error is about, when its message says. */
export interface ErrorLocation {
  /** 1-based. */
  readonly line: number;
  /** 1-based column in characters, when known. */
  readonly column?: number;
  /** The element the message named. */
  readonly element?: string;
}

/**
 * Finds the place an error of `define` is about: a parser error names a line
 * (`(domain_definition):10: Opening and ending tag mismatch`), a semantic error often names an
 * element (`Invalid value for attribute 'device' in element 'disk'`), then its first start tag
 * (with that attribute, if one was named) is the place.
 */
export function locateDefineError(message: string, xml: string): ErrorLocation | undefined {
  const lines = xml.split(/\r\n|\r|\n/);
  const parser = /\(\w+_definition\):(\d+):/.exec(message);
  if (parser) {
    const line = Math.min(Math.max(Number(parser[1]), 1), lines.length);
    // libxml2's caret line (`----^`) gives the column.
    const caret = /\n(-*)\^/.exec(message);
    return { line, ...(caret ? { column: caret[1].length + 1 } : {}) };
  }
  const element = /\belement '([\w.:-]+)'/.exec(message)?.[1] ?? /<([\w.:-]+)>/.exec(message)?.[1];
  if (!element) return undefined;
  const attribute = /\battribute '([\w.:-]+)'/.exec(message)?.[1];
  const tag = new RegExp(`<${element.replace(/[.]/g, '\\.')}(?=[\\s/>])`, 'g');
  let first: ErrorLocation | undefined;
  for (let i = 0; i < lines.length; i++) {
    for (const m of lines[i].matchAll(tag)) {
      const here = { line: i + 1, column: (m.index ?? 0) + 1, element };
      first ??= here;
      if (
        !attribute ||
        new RegExp(`\\s${attribute}\\s*=`).test(xml.slice(offsetOf(lines, i, m.index ?? 0)).split('>')[0])
      )
        return here;
    }
  }
  return first;
}

function offsetOf(lines: string[], line: number, column: number): number {
  let o = 0;
  for (let i = 0; i < line; i++) o += lines[i].length + 1;
  return o + column;
}

export type DefineResult =
  | {
      readonly ok: true;
      /** The object's name as libvirt stored it. */
      readonly name: string;
      /** What `dumpxml --inactive` returned after the define ('' when it could not be read). */
      readonly stored: string;
      /** What libvirt removed, changed, normalised or added (empty when the read-back failed). */
      readonly changes: XmlChange[];
    }
  | {
      readonly ok: false;
      readonly failure: VirshFailure | 'refused';
      /** libvirt's words (English). */
      readonly error: string;
      readonly location?: ErrorLocation;
    };

/**
 * Defines (creates or replaces) the persistent definition in `xml` on `uri`. When libvirt
 * refuses it nothing changes on the host and the result says why (and where, when it can
 * tell); when it accepts it the result carries what libvirt stored and the differences.
 */
export async function defineDefinition(
  uri: string,
  kind: DefinitionKind,
  xml: string,
  options: VirshOptions = {},
): Promise<DefineResult> {
  const dir = await mkdtemp(join(tmpdir(), 'virtkit-define-'));
  let r;
  try {
    const file = join(dir, `${kind}.xml`);
    await writeFile(file, xml, { encoding: 'utf8', mode: 0o600, flag: 'wx' });
    r = await virsh(uri, [DEFINE[kind], '--file', file], options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const failed = classifyFailure(r);
  if (failed) return { ok: false, failure: failed.failure, error: failed.message };
  if (r.code !== 0) {
    const error = virshError(r.stderr) || `virsh exited with ${r.code}`;
    const location = locateDefineError(error, xml);
    return { ok: false, failure: 'refused', error, ...(location ? { location } : {}) };
  }
  // The name it was stored under: the document's (libvirt refuses a definition without one).
  const name = definitionName(xml) ?? /'(.+)' defined from/.exec(r.stdout)?.[1] ?? '';
  const back = await readDefinition({ uri, kind, name }, options);
  if (!back.ok) return { ok: true, name, stored: '', changes: [] };
  let changes: XmlChange[] = [];
  try {
    changes = diffXml(xml, back.xml);
  } catch {
    // libvirt accepted it, so it parsed; a construct this small parser does not read leaves the
    // report empty rather than failing a define that happened.
  }
  return { ok: true, name, stored: back.xml, changes };
}

/**
 * Creates a qcow2 volume of `capacityGiB` in a storage pool (`vol-create-as`) and returns its
 * path (`vol-path`), for a new domain's disk. Nothing is created when the pool refuses.
 */
export async function createVolume(
  uri: string,
  pool: string,
  name: string,
  capacityGiB: number,
  options: VirshOptions = {},
): Promise<{ ok: true; path: string } | { ok: false; error: string }> {
  const created = await virsh(
    uri,
    ['vol-create-as', '--pool', pool, '--name', name, '--capacity', `${Math.round(capacityGiB)}G`, '--format', 'qcow2'],
    options,
  );
  const failed = classifyFailure(created);
  if (failed) return { ok: false, error: failed.message };
  if (created.code !== 0)
    return { ok: false, error: virshError(created.stderr) || `virsh exited with ${created.code}` };
  const path = await virsh(uri, ['vol-path', '--pool', pool, '--vol', name], options);
  const text = path.stdout.trim();
  return path.code === 0 && text ? { ok: true, path: text } : { ok: false, error: virshError(path.stderr) };
}
