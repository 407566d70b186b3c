// What libvirt did to a definition it accepted: a structural comparison of the XML a person
// submitted with the XML libvirt gives back (`dumpxml --inactive`) right after. libvirt parses a
// definition into its own structures and writes them out again, so anything it does not know is
// dropped without a word (an unknown element, a misspelt attribute, every comment), values are
// normalised (`<memory unit='GiB'>1` becomes `unit='KiB'` 1048576) and defaults are added
// (controllers, addresses, a machine type). Removals are what a person must hear about; added
// defaults are reported apart so they do not drown them.
//
// The comparison ignores white space between elements and the order of attributes. Children are
// paired by name and then by likeness (how many of their attributes and texts agree), not by
// position, because libvirt also reorders devices.

/** One element of a parsed document. */
export interface XmlNode {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  /** The element's own text, entities expanded, trimmed; '' when it has none. */
  readonly text: string;
  readonly children: readonly XmlNode[];
  /** Comments directly inside it. */
  readonly comments: readonly { text: string; line: number }[];
  /** 1-based line of its start tag. */
  readonly line: number;
}

/**
 * `removed`: something submitted that libvirt did not keep; `changed`: a value libvirt stored
 * differently; `normalised`: the same quantity written another way (units); `added`: something
 * libvirt filled in (a default).
 */
export type XmlChangeKind = 'removed' | 'changed' | 'normalised' | 'added';

export interface XmlChange {
  readonly kind: XmlChangeKind;
  /** What changed: `element`, `attribute`, `text` or `comment`. */
  readonly what: 'element' | 'attribute' | 'text' | 'comment';
  /**
   * Where: `/domain/devices/bogus`, `/domain/memory/@unit`, `/domain/memory` (its text), with
   * `[n]` (1-based, among siblings of that name) when there are several.
   */
  readonly path: string;
  /** The submitted value (removed, changed, normalised), or the element's submitted markup summary. */
  readonly before?: string;
  /** The stored value (changed, normalised, added). */
  readonly after?: string;
  /** 1-based line in the submitted text (removed, changed, normalised), when known. */
  readonly line?: number;
  /** 1-based line in the stored text (added). */
  readonly afterLine?: number;
}

export class XmlParseError extends Error {}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (all, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? all;
  });
}

interface Building {
  name: string;
  attributes: Map<string, string>;
  text: string[];
  children: XmlNode[];
  comments: { text: string; line: number }[];
  line: number;
}

/**
 * Parses a well-formed XML document (as libvirt accepted it) into elements. Not a validating
 * parser: a DOCTYPE is refused (libvirt documents have none), and what is not an element,
 * text, CDATA or comment is skipped.
 */
export function parseXml(text: string): XmlNode {
  const stack: Building[] = [];
  let root: XmlNode | undefined;
  let i = 0;
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number) => {
    for (; counted < offset; counted++) if (text.charCodeAt(counted) === 10) line++;
    return line;
  };
  const finish = (b: Building): XmlNode => ({
    name: b.name,
    attributes: b.attributes,
    text: b.text.join('').trim(),
    children: b.children,
    comments: b.comments,
    line: b.line,
  });
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (stack.length > 0 && chunk.trim() !== '') stack[stack.length - 1].text.push(decodeEntities(chunk));
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) throw new XmlParseError('unterminated comment');
      stack[stack.length - 1]?.comments.push({ text: text.slice(lt + 4, end).trim(), line: lineAt(lt) });
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) throw new XmlParseError('unterminated CDATA section');
      stack[stack.length - 1]?.text.push(text.slice(lt + 9, end));
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) throw new XmlParseError('unterminated processing instruction');
      i = end + 2;
    } else if (text.startsWith('<!', lt)) {
      throw new XmlParseError('DOCTYPE and declarations are not accepted');
    } else if (text.startsWith('</', lt)) {
      const end = text.indexOf('>', lt);
      const name = text.slice(lt + 2, end < 0 ? text.length : end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlParseError(`unexpected end tag </${name}>`);
      const node = finish(open);
      if (stack.length > 0) stack[stack.length - 1].children.push(node);
      else root = node;
      i = end + 1;
    } else {
      const m = /^<([^\s/>]+)/.exec(text.slice(lt, lt + 1024));
      if (!m) throw new XmlParseError('malformed start tag');
      const b: Building = { name: m[1], attributes: new Map(), text: [], children: [], comments: [], line: lineAt(lt) };
      const attr = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')|\s*(\/?)>/y;
      attr.lastIndex = lt + m[0].length;
      let closed: 'open' | 'empty' | undefined;
      for (;;) {
        const a = attr.exec(text);
        if (!a) throw new XmlParseError(`malformed start tag <${b.name}>`);
        if (a[1] !== undefined) b.attributes.set(a[1], decodeEntities(a[2] ?? a[3] ?? ''));
        else {
          closed = a[4] === '/' ? 'empty' : 'open';
          break;
        }
      }
      i = attr.lastIndex;
      if (root) throw new XmlParseError('content after the root element');
      if (closed === 'empty') {
        const node = finish(b);
        if (stack.length > 0) stack[stack.length - 1].children.push(node);
        else root = node;
      } else stack.push(b);
    }
  }
  if (stack.length > 0) throw new XmlParseError(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw new XmlParseError('no root element');
  return root;
}

// ---- pairing ------------------------------------------------------------------------------

/** Leaf facts of a subtree (`driver@type=qcow2`, `target@dev=vda`, `#text=…`): what likeness counts. */
function facts(node: XmlNode, prefix = '', out = new Set<string>()): Set<string> {
  for (const [k, v] of node.attributes) out.add(`${prefix}@${k}=${v}`);
  if (node.text) out.add(`${prefix}#=${node.text}`);
  for (const c of node.children) facts(c, `${prefix}/${c.name}`, out);
  return out;
}

function likeness(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const f of a) if (b.has(f)) n++;
  return n;
}

/** Pairs children of the same name: most alike first, document order breaking ties. */
function pairChildren(
  before: readonly XmlNode[],
  after: readonly XmlNode[],
): { pairs: [XmlNode, XmlNode][]; removed: XmlNode[]; added: XmlNode[] } {
  const pairs: [XmlNode, XmlNode][] = [];
  const taken = new Set<XmlNode>();
  const removed: XmlNode[] = [];
  const afterFacts = new Map(after.map((n) => [n, facts(n)]));
  for (const b of before) {
    const bf = facts(b);
    let best: XmlNode | undefined;
    let bestScore = -1;
    for (const a of after) {
      if (taken.has(a) || a.name !== b.name) continue;
      const score = likeness(bf, afterFacts.get(a) ?? new Set());
      if (score > bestScore) {
        best = a;
        bestScore = score;
      }
    }
    if (best) {
      taken.add(best);
      pairs.push([b, best]);
    } else removed.push(b);
  }
  return { pairs, removed, added: after.filter((a) => !taken.has(a)) };
}

// ---- units --------------------------------------------------------------------------------

const UNIT_BYTES: Readonly<Record<string, number>> = {
  b: 1,
  bytes: 1,
  k: 1024,
  kib: 1024,
  kb: 1000,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1000 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
  tb: 1000 ** 4,
  p: 1024 ** 5,
  pib: 1024 ** 5,
  pb: 1000 ** 5,
  e: 1024 ** 6,
  eib: 1024 ** 6,
  eb: 1000 ** 6,
};

/** Bytes of a scaled value (libvirt's `unit` attribute; KiB when it has none, as for memory). */
function bytesOf(node: XmlNode, defaultUnit: string): number | undefined {
  if (!/^\d+$/.test(node.text)) return undefined;
  const scale = UNIT_BYTES[(node.attributes.get('unit') ?? defaultUnit).toLowerCase()];
  return scale === undefined ? undefined : Number(node.text) * scale;
}

// ---- comparison ---------------------------------------------------------------------------

function summary(node: XmlNode): string {
  const attrs = [...node.attributes].map(([k, v]) => ` ${k}='${v}'`).join('');
  const inner = node.children.length > 0 ? '…' : node.text;
  return inner
    ? `<${node.name}${attrs}>${inner.length > 60 ? `${inner.slice(0, 60)}…` : inner}</${node.name}>`
    : `<${node.name}${attrs}/>`;
}

function childPath(parentPath: string, node: XmlNode, siblings: readonly XmlNode[]): string {
  const same = siblings.filter((s) => s.name === node.name);
  return same.length > 1 ? `${parentPath}/${node.name}[${same.indexOf(node) + 1}]` : `${parentPath}/${node.name}`;
}

function compare(before: XmlNode, after: XmlNode, path: string, out: XmlChange[]): void {
  // A quantity with a unit, rewritten in another unit: one change (`normalised` when it is the
  // same amount), not a unit change plus a text change.
  const hasUnit = before.attributes.has('unit') || after.attributes.has('unit');
  const bb = hasUnit ? bytesOf(before, 'KiB') : undefined;
  const ab = hasUnit ? bytesOf(after, 'KiB') : undefined;
  const asQuantity = bb !== undefined && ab !== undefined;
  const spelled = (n: XmlNode) => `${n.text} ${n.attributes.get('unit') ?? 'KiB'}`;
  if (asQuantity && spelled(before) !== spelled(after))
    out.push({
      kind: bb === ab ? 'normalised' : 'changed',
      what: 'text',
      path,
      before: spelled(before),
      after: spelled(after),
      line: before.line,
    });
  for (const [k, v] of before.attributes) {
    if (asQuantity && k === 'unit') continue;
    const kept = after.attributes.get(k);
    if (kept === undefined)
      out.push({ kind: 'removed', what: 'attribute', path: `${path}/@${k}`, before: v, line: before.line });
    else if (kept !== v)
      out.push({
        kind: 'changed',
        what: 'attribute',
        path: `${path}/@${k}`,
        before: v,
        after: kept,
        line: before.line,
      });
  }
  for (const [k, v] of after.attributes)
    if (!before.attributes.has(k) && !(asQuantity && k === 'unit'))
      out.push({ kind: 'added', what: 'attribute', path: `${path}/@${k}`, after: v, afterLine: after.line });
  if (!asQuantity && before.text !== after.text) {
    if (before.text === '') out.push({ kind: 'added', what: 'text', path, after: after.text, afterLine: after.line });
    else if (after.text === '')
      out.push({ kind: 'removed', what: 'text', path, before: before.text, line: before.line });
    else out.push({ kind: 'changed', what: 'text', path, before: before.text, after: after.text, line: before.line });
  }
  for (const c of before.comments) out.push({ kind: 'removed', what: 'comment', path, before: c.text, line: c.line });
  const { pairs, removed, added } = pairChildren(before.children, after.children);
  // Reported in document order of the submitted text, then what libvirt added.
  const events: { line: number; run: () => void }[] = [];
  for (const r of removed)
    events.push({
      line: r.line,
      run: () =>
        out.push({
          kind: 'removed',
          what: 'element',
          path: childPath(path, r, before.children),
          before: summary(r),
          line: r.line,
        }),
    });
  for (const [b, a] of pairs)
    events.push({ line: b.line, run: () => compare(b, a, childPath(path, b, before.children), out) });
  events.sort((x, y) => x.line - y.line);
  for (const e of events) e.run();
  for (const a of added)
    out.push({
      kind: 'added',
      what: 'element',
      path: childPath(path, a, after.children),
      after: summary(a),
      afterLine: a.line,
    });
}

/**
 * What changed between the XML a person submitted and what libvirt stored: removed, changed,
 * normalised and added items, removals in the order of the submitted text. Throws XmlParseError
 * when either is not well-formed XML.
 */
export function diffXml(submitted: string, stored: string): XmlChange[] {
  const before = parseXml(submitted);
  const after = parseXml(stored);
  const out: XmlChange[] = [];
  if (before.name !== after.name) {
    out.push({ kind: 'removed', what: 'element', path: `/${before.name}`, before: summary(before), line: before.line });
    out.push({ kind: 'added', what: 'element', path: `/${after.name}`, after: summary(after), afterLine: after.line });
    return out;
  }
  compare(before, after, `/${before.name}`, out);
  return out;
}

/** How many changes of each kind. */
export function countChanges(changes: readonly XmlChange[]): Record<XmlChangeKind, number> {
  const counts: Record<XmlChangeKind, number> = { removed: 0, changed: 0, normalised: 0, added: 0 };
  for (const c of changes) counts[c.kind]++;
  return counts;
}

/** One line per change, in English (for logs, tests and the API; the UI words the summary). */
export function describeChange(c: XmlChange): string {
  switch (c.kind) {
    case 'removed':
      return `removed ${c.what} ${c.path}${c.before !== undefined ? `: ${c.before}` : ''}`;
    case 'added':
      return `added ${c.what} ${c.path}${c.after !== undefined ? `: ${c.after}` : ''}`;
    default:
      return `${c.kind} ${c.what} ${c.path}: ${c.before ?? ''} → ${c.after ?? ''}`;
  }
}
