// A small reader of libvirt's RELAX NG schemas (/usr/share/libvirt/schemas/*.rng), enough to
// answer one question: which values does the schema allow for an attribute, or for an
// element's text, in a given place of a given format? It understands what libvirt's schemas use:
// <grammar>, <include>, <define> (with combine), <start>, <ref>, <parentRef>, nested grammars,
// <element>, <attribute>, <value>, <data> with <param name="pattern">, <text>, and the
// combinators. It is no validator: it walks the schema, it does not match documents.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

// ---- A minimal XML reader -------------------------------------------------------------------

/** One element of a parsed XML file (the schema files have no mixed content worth keeping). */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? whole;
  });
}

/** Parses a well-formed XML document; throws on what it cannot read, naming the offset. */
export function parseXml(source: string, file = 'XML'): XmlElement {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${file}: ${why} at offset ${i}`);
  };
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > i) stack[stack.length - 1].text += decode(source.slice(i, textEnd));
    if (lt < 0) break;
    i = lt;
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      if (end < 0) fail('unterminated comment');
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i + 9);
      if (end < 0) fail('unterminated CDATA');
      stack[stack.length - 1].text += source.slice(i + 9, end);
      i = end + 3;
    } else if (source.startsWith('<?', i) || source.startsWith('<!', i)) {
      const end = source.indexOf('>', i);
      if (end < 0) fail('unterminated declaration');
      i = end + 1;
    } else if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i);
      if (end < 0) fail('unterminated end tag');
      const name = source.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> closes <${open?.name ?? '?'}>`);
      i = end + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(source.slice(i, i + 200));
      if (!m) fail('stray "<"');
      const el: XmlElement = { name: m![1], attrs: {}, children: [], text: '' };
      i += m![0].length;
      const attr = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')|\s*(\/?>)/y;
      for (;;) {
        attr.lastIndex = i;
        const a = attr.exec(source);
        if (!a) fail(`bad attribute in <${el.name}>`);
        i = attr.lastIndex;
        if (a![5] !== undefined) {
          stack[stack.length - 1].children.push(el);
          if (a![5] === '>') stack.push(el);
          break;
        }
        el.attrs[a![1]] = decode(a![3] ?? a![4]);
      }
    }
  }
  if (stack.length !== 1) fail(`<${stack[stack.length - 1].name}> is not closed`);
  const top = root.children.filter((c) => c.name !== '#document');
  if (top.length !== 1) fail('no single root element');
  return top[0];
}

// ---- Grammars ------------------------------------------------------------------------------

/** The definitions a pattern's <ref>s resolve in: one per <grammar>, nested ones see their parent. */
class Scope {
  readonly defines = new Map<string, XmlElement[]>();
  readonly start: XmlElement[] = [];
  private static count = 0;
  readonly id = Scope.count++;
  constructor(readonly parent: Scope | undefined) {}
}

/** Where an attribute's or an element's text values come from. */
export interface ValueSet {
  /** Values spelled out with <value>. */
  values: Set<string>;
  /** <data> patterns and types, and <text>: values the schema allows without listing them. */
  data: { type: string; pattern?: string }[];
}

/** One <element> of the schema as reached from a format's start, with the grammar it lives in. */
export interface ElementOccurrence {
  key: string;
  /** The element's name; '#any' for <anyName/>. */
  name: string;
  children: ElementOccurrence[];
  attributes: Map<string, ValueSet>;
  text: ValueSet;
}

interface Content {
  elements: [XmlElement, Scope][];
  attributes: [XmlElement, Scope][];
  text: ValueSet;
}

function emptyValues(): ValueSet {
  return { values: new Set(), data: [] };
}

function mergeInto(into: ValueSet, from: ValueSet): void {
  for (const v of from.values) into.values.add(v);
  into.data.push(...from.data);
}

/** The schema of one libvirt format (`domain.rng`, `network.rng`, ...), walked from its start. */
export class RngFormat {
  private readonly files = new Map<string, XmlElement>();
  private readonly occurrences = new Map<string, ElementOccurrence>();
  readonly roots: ElementOccurrence[];

  constructor(
    private readonly dir: string,
    file: string,
  ) {
    const scope = new Scope(undefined);
    this.loadGrammar(this.file(file), scope);
    const content = this.walk(scope.start, scope);
    this.roots = content.elements.map(([el, s]) => this.occurrence(el, s));
  }

  /** Every element occurrence reachable from the start. */
  all(): ElementOccurrence[] {
    return [...this.occurrences.values()];
  }

  private file(name: string): XmlElement {
    let tree = this.files.get(name);
    if (!tree) {
      const full = path.join(this.dir, name);
      tree = parseXml(readFileSync(full, 'utf8'), full);
      this.files.set(name, tree);
    }
    return tree;
  }

  private loadGrammar(grammar: XmlElement, scope: Scope): void {
    for (const child of grammar.children) {
      if (child.name === 'include') this.loadGrammar(this.file(child.attrs.href), scope);
      else if (child.name === 'div') this.loadGrammar(child, scope);
      else if (child.name === 'start') scope.start.push(...child.children);
      else if (child.name === 'define') {
        const list = scope.defines.get(child.attrs.name) ?? [];
        list.push(child);
        scope.defines.set(child.attrs.name, list);
      }
    }
  }

  private resolve(name: string, scope: Scope | undefined, from: string): [XmlElement[], Scope] {
    const defs = scope?.defines.get(name);
    if (!defs || !scope) throw new Error(`schema: <ref name="${name}"> has no <define> (${from})`);
    return [defs.flatMap((d) => d.children), scope];
  }

  /** What a pattern allows directly (without entering another element): elements, attributes, text. */
  private walk(patterns: XmlElement[], scope: Scope): Content {
    const out: Content = { elements: [], attributes: [], text: emptyValues() };
    const seen = new Set<string>();
    const visit = (p: XmlElement, s: Scope): void => {
      switch (p.name) {
        case 'element':
          out.elements.push([p, s]);
          return;
        case 'attribute':
          out.attributes.push([p, s]);
          return;
        case 'value':
          out.text.values.add(p.text.trim());
          return;
        case 'data':
          out.text.data.push(dataOf(p));
          return;
        case 'text':
          out.text.data.push({ type: 'text' });
          return;
        case 'list':
          out.text.data.push({ type: 'list' });
          return;
        case 'ref':
        case 'parentRef': {
          const target = p.name === 'ref' ? s : s.parent;
          const key = `${target?.id}:${p.attrs.name}`;
          if (seen.has(key)) return;
          seen.add(key);
          const [children, where] = this.resolve(p.attrs.name, target, p.name);
          for (const c of children) visit(c, where);
          return;
        }
        case 'grammar': {
          const inner = new Scope(s);
          this.loadGrammar(p, inner);
          for (const c of inner.start) visit(c, inner);
          return;
        }
        case 'empty':
        case 'notAllowed':
        case 'name':
        case 'anyName':
        case 'nsName':
        case 'except':
        case 'param':
          return;
        default:
          // choice, group, interleave, optional, zeroOrMore, oneOrMore, mixed: their children.
          for (const c of p.children) visit(c, s);
      }
    };
    for (const p of patterns) visit(p, scope);
    return out;
  }

  private occurrence(el: XmlElement, scope: Scope): ElementOccurrence {
    const key = `${scope.id}:${elementId(el)}`;
    const known = this.occurrences.get(key);
    if (known) return known;
    const occ: ElementOccurrence = {
      key,
      name: el.attrs.name ?? (el.children[0]?.name === 'name' ? el.children[0].text.trim() : '#any'),
      children: [],
      attributes: new Map(),
      text: emptyValues(),
    };
    this.occurrences.set(key, occ);
    const content = this.walk(contentPatterns(el), scope);
    occ.text = content.text;
    for (const [attr, s] of content.attributes) {
      const name = attr.attrs.name ?? (attr.children[0]?.name === 'name' ? attr.children[0].text.trim() : '#any');
      const patterns = contentPatterns(attr);
      const values =
        patterns.length === 0 ? { values: new Set<string>(), data: [{ type: 'text' }] } : this.walk(patterns, s).text;
      const into = occ.attributes.get(name) ?? emptyValues();
      mergeInto(into, values);
      occ.attributes.set(name, into);
    }
    for (const [child, s] of content.elements) occ.children.push(this.occurrence(child, s));
    return occ;
  }
}

/** An element's or attribute's content, without its name class. */
function contentPatterns(el: XmlElement): XmlElement[] {
  return el.attrs.name !== undefined ? el.children : el.children.slice(1);
}

const ids = new WeakMap<XmlElement, number>();
let nextId = 0;
function elementId(el: XmlElement): number {
  let id = ids.get(el);
  if (id === undefined) ids.set(el, (id = nextId++));
  return id;
}

function dataOf(p: XmlElement): { type: string; pattern?: string } {
  const pattern = p.children.find((c) => c.name === 'param' && c.attrs.name === 'pattern')?.text.trim();
  return pattern === undefined ? { type: p.attrs.type ?? 'string' } : { type: p.attrs.type ?? 'string', pattern };
}

// ---- Questions about a format --------------------------------------------------------------

/**
 * The elements a context names, as content/libvirt.yaml writes it: '/'-separated element names,
 * root-most first, `*` for any one element, the empty string for the format's root elements.
 * A context is a tail of the path, as the hover lookup reads it, so `domain/devices/disk` also
 * names the disks of the domain saved inside a snapshot.
 */
export function elementsAt(format: RngFormat, context: string): ElementOccurrence[] {
  if (context === '') return format.roots;
  const segments = context.split('/');
  const fits = (o: ElementOccurrence, s: string) => s === '*' || o.name === s;
  let current = format.all().filter((o) => fits(o, segments[0]));
  for (const s of segments.slice(1)) {
    const next = new Map<string, ElementOccurrence>();
    for (const o of current) for (const c of o.children) if (fits(c, s)) next.set(c.key, c);
    current = [...next.values()];
  }
  return current;
}

/** Every value a data pattern allows when it allows finitely many (at most `limit`), else undefined. */
export function expandPattern(pattern: string, limit = 1000): string[] | undefined {
  let i = 0;
  // alternation := sequence ('|' sequence)*; sequence := (atom '?'?)*; atom := char | [class] | (alternation)
  const alternation = (): string[] | undefined => {
    const out: string[] = [];
    for (;;) {
      const seq = sequence();
      if (!seq) return undefined;
      out.push(...seq);
      if (pattern[i] !== '|') return out.length > limit ? undefined : out;
      i++;
    }
  };
  const sequence = (): string[] | undefined => {
    let acc = [''];
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      let atom = single();
      if (!atom) return undefined;
      if (pattern[i] === '?') {
        i++;
        atom = ['', ...atom];
      } else if (pattern[i] === '*' || pattern[i] === '+' || pattern[i] === '{') return undefined;
      acc = acc.flatMap((a) => atom!.map((b) => a + b));
      if (acc.length > limit) return undefined;
    }
    return acc;
  };
  const single = (): string[] | undefined => {
    const ch = pattern[i];
    if (ch === '(') {
      i++;
      const inner = alternation();
      if (!inner || pattern[i] !== ')') return undefined;
      i++;
      return inner;
    }
    if (ch === '[') {
      const end = pattern.indexOf(']', i);
      const body = pattern.slice(i + 1, end);
      if (end < 0 || /[\\^-]/.test(body)) return undefined;
      i = end + 1;
      return [...body];
    }
    if (/[.\\*+?{}|)]/.test(ch)) return undefined;
    i++;
    return [ch];
  };
  const all = alternation();
  return all && i === pattern.length ? [...new Set(all)] : undefined;
}

/** Built-in XML Schema types the libvirt schemas use, as the values they take. */
const TYPES: Record<string, RegExp> = {
  int: /^[+-]?\d+$/,
  integer: /^[+-]?\d+$/,
  long: /^[+-]?\d+$/,
  short: /^[+-]?\d+$/,
  unsignedInt: /^\+?\d+$/,
  unsignedLong: /^\+?\d+$/,
  unsignedShort: /^\+?\d+$/,
  unsignedByte: /^\+?\d+$/,
  positiveInteger: /^\+?0*[1-9]\d*$/,
  nonNegativeInteger: /^\+?\d+$/,
  double: /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/,
  decimal: /^[+-]?(\d+(\.\d*)?|\.\d+)$/,
  boolean: /^(true|false|0|1)$/,
};

/** True when a <data> or <text> accepts `value`. Types this does not know accept anything. */
export function dataAccepts(d: { type: string; pattern?: string }, value: string): boolean {
  if (d.pattern !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${d.pattern})$`, 'u');
    } catch {
      return true; // an XML Schema regex JavaScript cannot read: do not judge
    }
    if (!re.test(value)) return false;
  }
  const t = TYPES[d.type];
  return t === undefined || t.test(value);
}
