// What both libvirt validators (the external virt-xml-validate and the in-process libxml2 one)
// need to know about a document before validating it: which of libvirt's schemas it is for,
// and whether it declares a DTD, which neither of them is allowed to act on. Pure: no I/O.

/** Schema names, as virt-xml-validate's second argument and /usr/share/libvirt/schemas/NAME.rng. */
import { findDoctype } from './xmlSafety';

export type LibvirtSchema =
  | 'domain'
  | 'domainsnapshot'
  | 'domaincheckpoint'
  | 'domainbackup'
  | 'domaincaps'
  | 'network'
  | 'networkport'
  | 'storagepool'
  | 'storagepoolcaps'
  | 'storagevol'
  | 'capability'
  | 'nodedev'
  | 'nwfilter'
  | 'nwfilterbinding'
  | 'secret'
  | 'interface'
  | 'cpu';

/** Root element → schema, as libvirt names them. */
export const ROOT_TO_SCHEMA: Readonly<Record<string, LibvirtSchema>> = {
  domain: 'domain',
  domainsnapshot: 'domainsnapshot',
  domaincheckpoint: 'domaincheckpoint',
  domainbackup: 'domainbackup',
  domainCapabilities: 'domaincaps',
  network: 'network',
  networkport: 'networkport',
  pool: 'storagepool',
  storagepoolCapabilities: 'storagepoolcaps',
  volume: 'storagevol',
  capabilities: 'capability',
  device: 'nodedev',
  filter: 'nwfilter',
  filterbinding: 'nwfilterbinding',
  secret: 'secret',
  interface: 'interface',
  cpu: 'cpu',
};

/** How much of a document the kind detection looks at. */
export const DETECTION_WINDOW = 16 * 1024;

/** A problem in a document, with a place in its text when the validator gave one. */
export interface XmlProblem {
  /** 1-based line, or null when the tool gave none (summary lines). */
  readonly line: number | null;
  /**
   * 1-based column (in characters), or null: a parser error's caret; for a Relax-NG error,
   * which has a line only, the column of the named element's start tag on that line.
   */
  readonly column: number | null;
  readonly message: string;
  /** The element the tool named ("element devices: ..."), if any. */
  readonly element?: string;
}

// ---------------------------------------------------------------------------------------
// The prolog: what comes before the root element.

interface PrologItem {
  readonly kind: 'doctype' | 'root';
  /** Offset of its `<`. */
  readonly start: number;
  /** Offset just after it (for the root: after its name). */
  readonly end: number;
}

/**
 * Walks the prolog of `s`: a BOM, white space, the XML declaration, comments, processing
 * instructions and a DOCTYPE (with an internal subset in brackets, whose quoted strings and
 * comments may hold brackets and `>`), up to the root element's name. Stops at anything
 * else: libxml2 refuses a document there before it reads further.
 */
function* prolog(s: string): Generator<PrologItem> {
  let i = s.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i + 2);
      if (end < 0) return;
      i = end + 2;
    } else if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0) return;
      i = end + 3;
    } else if (s.startsWith('<!DOCTYPE', i)) {
      const start = i;
      let depth = 0;
      let j = i + 9;
      for (; j < s.length; j++) {
        const c = s[j];
        if (c === '"' || c === "'") {
          const close = s.indexOf(c, j + 1);
          if (close < 0) break;
          j = close;
        } else if (depth > 0 && s.startsWith('<!--', j)) {
          const close = s.indexOf('-->', j + 4);
          if (close < 0) break;
          j = close + 2;
        } else if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
      }
      yield { kind: 'doctype', start, end: Math.min(j + 1, s.length) };
      if (j >= s.length) return;
      i = j + 1;
    } else {
      const m = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(?=[\s/>]|$)/.exec(s.slice(i, i + 256));
      if (m) yield { kind: 'root', start: i, end: i + m[0].length };
      return;
    }
  }
}

/**
 * The root element's name, looking only at the start of the text: skips a BOM, white space,
 * the XML declaration, comments, processing instructions and a DOCTYPE. Undefined when the
 * start is not a (possibly unfinished) XML document.
 */
export function rootElementName(text: string): string | undefined {
  const s = text.slice(0, DETECTION_WINDOW);
  for (const item of prolog(s)) {
    if (item.kind !== 'root') continue;
    const name = s.slice(item.start + 1, item.end);
    return name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  }
  return undefined;
}

/** The libvirt document kind (schema name) from the root element, or undefined. */
export function detectLibvirtDocumentKind(text: string): LibvirtSchema | undefined {
  const root = rootElementName(text);
  return root !== undefined && Object.prototype.hasOwnProperty.call(ROOT_TO_SCHEMA, root)
    ? ROOT_TO_SCHEMA[root]
    : undefined;
}

/** Why text is not one of libvirt's documents, in an English sentence. */
export function unknownKindMessage(text: string): string {
  const root = rootElementName(text);
  return root
    ? `<${root}> is not the root element of a libvirt document.`
    : 'No root element found at the start of the document.';
}

// ---------------------------------------------------------------------------------------
// DOCTYPE refusal.

/** Why a document's DOCTYPE keeps it from being validated. */
export interface RefusedDoctype {
  /**
   * 'external': a DOCTYPE naming an external DTD (SYSTEM or PUBLIC), which a parser might
   * fetch; 'internal-subset': a DOCTYPE declaring things in brackets (entities above all),
   * which could make a parser read files or expand text without end; 'doctype': a bare
   * DOCTYPE; 'entity': an entity declaration outside any DOCTYPE.
   */
  readonly reason: 'external' | 'internal-subset' | 'doctype' | 'entity';
  /** 1-based line and column (in UTF-16 code units, as an editor counts) of the declaration. */
  readonly line: number;
  readonly column: number;
  /** An English sentence for logs and tests; the UI words it from `reason`. */
  readonly message: string;
}

const REFUSAL_MESSAGES: Readonly<Record<RefusedDoctype['reason'], string>> = {
  external:
    'The document names an external DTD in its DOCTYPE; it is not validated, so that nothing it points to is read.',
  'internal-subset':
    'The document declares a DTD internal subset (entities) in its DOCTYPE; it is not validated, so that no entity is read or expanded.',
  doctype: 'The document declares a DOCTYPE, which libvirt documents never have; it is not validated.',
  entity: 'The document declares an entity, which libvirt documents never have; it is not validated.',
};

/**
 * Whether the document must not be handed to any XML tool: it declares a DOCTYPE or an entity
 * anywhere (xmlSafety.findDoctype: deliberately stricter than a parser, so no spelling or
 * position a parser might accept slips past; libvirt documents never have either). Use it
 * before any validator: the in-process one does, and so does the virt-xml-validate caller,
 * whose xmllint runs without --nonet.
 */
export function refusedDoctype(text: string): RefusedDoctype | undefined {
  const found = findDoctype(text);
  if (!found) return undefined;
  let reason: RefusedDoctype['reason'] = 'entity';
  if (found.kind === 'doctype') {
    // After `<!DOCTYPE name`: an external ID, an internal subset, or nothing.
    const rest = /^<!\s*DOCTYPE\s+[^\s[>]+\s*([^>]*)/i.exec(text.slice(found.offset, found.offset + 4096))?.[1] ?? '';
    reason = /^(?:SYSTEM|PUBLIC)\b/i.test(rest) ? 'external' : rest.includes('[') ? 'internal-subset' : 'doctype';
  }
  const before = text.slice(0, found.offset);
  const line = before.split(/\r\n|\r|\n/).length;
  const column = found.offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { reason, line, column, message: REFUSAL_MESSAGES[reason] };
}
