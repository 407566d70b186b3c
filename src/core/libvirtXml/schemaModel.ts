// What libvirt's RELAX NG schemas allow at a place in a document: the child elements, the
// attributes (required or not) and each attribute's enumerated values. Read at run time from
// the same schema files the in-process validator judges with (bundled copy or the host's own),
// so no list of elements or values is written by hand. Pure: the caller hands in the files.
//
// The model walks patterns; it does not match documents. It resolves <ref> and <define>
// (with combine), <include> (with overriding defines), <externalRef>, <parentRef>, nested
// <grammar>, and summarises <interleave>, <group>, <choice>, <optional>, <zeroOrMore>,
// <oneOrMore>, <mixed>, <list>. Where an element's content depends on an attribute's value
// (`<disk type="file">` vs `"block"`: a <choice> whose branches each require `type` with other
// values), the branches are narrowed by the attributes already written on the element; with
// nothing to narrow by, the answer is the union of all branches. The same union is taken over
// every definition of an element of that name at that place (libvirt defines `<source>` once
// per disk type, for instance).

/** One element of a parsed schema file. */
interface RngNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: RngNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const decode = (s: string) =>
  s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? whole;
  });

/** Parses a schema file (well-formed XML without DTD); throws on what it cannot read. */
function parseRng(source: string, file: string): RngNode {
  const root: RngNode = { name: '#document', attrs: {}, children: [], text: '' };
  const stack: RngNode[] = [root];
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${file}: ${why} at offset ${i}`);
  };
  const attr = /\s*([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')|\s*(\/?>)/y;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt < 0 ? source.length : lt;
    if (textEnd > i) stack[stack.length - 1].text += decode(source.slice(i, textEnd));
    if (lt < 0) break;
    i = lt;
    const skipTo = (close: string, from: number) => {
      const end = source.indexOf(close, from);
      if (end < 0) fail(`unterminated ${close}`);
      return end + close.length;
    };
    if (source.startsWith('<!--', i)) i = skipTo('-->', i + 4);
    else if (source.startsWith('<![CDATA[', i)) {
      const end = skipTo(']]>', i + 9);
      stack[stack.length - 1].text += source.slice(i + 9, end - 3);
      i = end;
    } else if (source.startsWith('<?', i) || source.startsWith('<!', i)) i = skipTo('>', i);
    else if (source.startsWith('</', i)) {
      const end = skipTo('>', i);
      const name = source.slice(i + 2, end - 1).trim();
      const open = stack.pop();
      if (!open || open.name !== name) fail(`</${name}> closes <${open?.name ?? '?'}>`);
      i = end;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(source.slice(i, i + 200));
      if (!m) return fail('stray "<"');
      const attrs: Record<string, string> = {};
      const node: RngNode = { name: m[1], attrs, children: [], text: '' };
      i += m[0].length;
      for (;;) {
        attr.lastIndex = i;
        const a = attr.exec(source);
        if (!a) return fail(`bad attribute in <${node.name}>`);
        i = attr.lastIndex;
        if (a[4] !== undefined) {
          stack[stack.length - 1].children.push(node);
          if (a[4] === '>') stack.push(node);
          break;
        }
        attrs[a[1]] = decode(a[2] ?? a[3]);
      }
    }
  }
  const top = root.children;
  if (stack.length !== 1 || top.length !== 1) fail('not a single closed root element');
  return top[0];
}

// ---------------------------------------------------------------------------------------
// Grammars.

/** The definitions a <ref> resolves in: one per <grammar>; a nested one sees its parent. */
class Scope {
  readonly defines = new Map<string, { combine?: string; bodies: RngNode[] }>();
  start: RngNode | undefined;
  constructor(readonly parent: Scope | undefined) {}
}

/** A pattern with the grammar its refs resolve in. */
interface Pattern {
  readonly node: RngNode;
  readonly scope: Scope;
}

/** What one attribute may be. */
export interface SchemaAttribute {
  readonly name: string;
  /** Values spelled out with <value>, in schema order. */
  readonly values: readonly string[];
  /** True when a <data> type or <text> also allows values that are not listed. */
  readonly open: boolean;
  /** True when every way the schema allows the element (after narrowing) requires it. */
  readonly required: boolean;
}

/** A child element that may appear. */
export interface SchemaChild {
  /** Local name. */
  readonly name: string;
  /** Namespace URI, '' for libvirt's own elements. */
  readonly ns: string;
  /** True when every definition of it allows neither children nor text (`<x/>`). */
  readonly empty: boolean;
}

/** What the schema allows in an element at a place, after narrowing by written attributes. */
export interface SchemaElementInfo {
  readonly name: string;
  readonly children: readonly SchemaChild[];
  readonly attributes: readonly SchemaAttribute[];
  /** Values spelled out for the element's text (`<on_crash>destroy</on_crash>`). */
  readonly textValues: readonly string[];
  /** True when text (or data) is allowed inside it. */
  readonly text: boolean;
  /** True when an <anyName/> element may appear inside it (metadata): any child is fine. */
  readonly anyChild: boolean;
}

/** One step of a path from the root: an element's name and the attributes written on it. */
export interface PathStep {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

interface AttrAcc {
  values: string[];
  open: boolean;
  required: boolean;
}

/** The summary of a pattern, not descending into child elements. */
interface Content {
  elements: Pattern[];
  attributes: Map<string, AttrAcc>;
  textValues: string[];
  text: boolean;
  anyChild: boolean;
  /** The pattern can match nothing (<notAllowed/> outside any optional part). */
  notAllowed: boolean;
}

const emptyContent = (): Content => ({
  elements: [],
  attributes: new Map(),
  textValues: [],
  text: false,
  anyChild: false,
  notAllowed: false,
});

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

function addUnique(into: string[], from: readonly string[]): void {
  for (const v of from) if (!into.includes(v)) into.push(v);
}

/** `into` followed by `from` (group, interleave): an attribute required in either is required. */
function mergeAll(into: Content, from: Content): void {
  into.elements.push(...from.elements);
  for (const [name, a] of from.attributes) {
    const have = into.attributes.get(name);
    if (!have) into.attributes.set(name, { values: [...a.values], open: a.open, required: a.required });
    else {
      addUnique(have.values, a.values);
      have.open ||= a.open;
      have.required ||= a.required;
    }
  }
  addUnique(into.textValues, from.textValues);
  into.text ||= from.text;
  into.anyChild ||= from.anyChild;
  into.notAllowed ||= from.notAllowed;
}

/** Alternatives (choice): required only when required in every branch. */
function mergeChoice(all: Content[]): Content {
  const out = emptyContent();
  const branches = all.filter((b) => !b.notAllowed);
  if (branches.length === 0) out.notAllowed = all.length > 0;
  for (const b of branches) mergeAll(out, b);
  for (const [name, a] of out.attributes) a.required = branches.every((b) => b.attributes.get(name)?.required === true);
  return out;
}

function optional(c: Content): Content {
  // An optional part that can match nothing is simply absent.
  if (c.notAllowed) return emptyContent();
  for (const a of c.attributes.values()) a.required = false;
  return c;
}

/** The element names an <element>'s pattern may carry ('' for anyName, which offers nothing). */
function elementNames(node: RngNode): string[] {
  if (node.attrs.name !== undefined) return [localName(node.attrs.name.trim())];
  const nameClass = node.children[0];
  if (!nameClass) return [];
  if (nameClass.name === 'name') return [localName(nameClass.text.trim())];
  if (nameClass.name === 'choice')
    return nameClass.children.filter((c) => c.name === 'name').map((c) => localName(c.text.trim()));
  return [''];
}

/** The children of an <element> or <attribute> that make up its content (after the name class). */
function contentNodes(node: RngNode): RngNode[] {
  return node.attrs.name !== undefined ? node.children : node.children.slice(1);
}

/** How many answers of elementAt are kept (oldest dropped first). */
const ANSWER_CACHE_SIZE = 500;

/** The schema of one libvirt format (`domain.rng`), read from its files. */
export class LibvirtSchemaModel {
  private readonly parsed = new Map<string, RngNode>();
  private readonly top: Scope;
  private readonly cache = new WeakMap<RngNode, Map<Scope, Content>>();
  private readonly answers = new Map<string, SchemaElementInfo | undefined>();

  /**
   * `main` is the format's file (`domain.rng`); `files` maps bare file names to their text and
   * must hold everything `main` includes. Throws when a file is missing or unreadable.
   */
  constructor(
    readonly main: string,
    private readonly files: ReadonlyMap<string, string>,
  ) {
    this.top = this.grammarScope(this.file(main), undefined);
  }

  private file(name: string): RngNode {
    let node = this.parsed.get(name);
    if (!node) {
      const text = this.files.get(name);
      if (text === undefined) throw new Error(`schema file ${name} is missing`);
      node = parseRng(text, name);
      this.parsed.set(name, node);
    }
    return node;
  }

  /** A scope for a <grammar> element (or a file whose root is one). */
  private grammarScope(grammar: RngNode, parent: Scope | undefined): Scope {
    const scope = new Scope(parent);
    if (grammar.name !== 'grammar') {
      // A file whose root is a pattern: it is its own start.
      scope.start = grammar;
      return scope;
    }
    this.fillGrammar(scope, grammar, new Set());
    return scope;
  }

  /** Adds a grammar's content to `scope`; `overridden` names what an including <include> replaces. */
  private fillGrammar(scope: Scope, grammar: RngNode, overridden: ReadonlySet<string>): void {
    const visit = (nodes: readonly RngNode[]) => {
      for (const n of nodes) {
        if (n.name === 'define') {
          const name = n.attrs.name;
          if (overridden.has(name)) continue;
          this.addDefine(scope, name, n);
        } else if (n.name === 'start') {
          if (overridden.has('#start')) continue;
          scope.start = this.combineStart(scope.start, n);
        } else if (n.name === 'div') visit(n.children);
        else if (n.name === 'include') this.include(scope, n, overridden);
      }
    };
    visit(grammar.children);
  }

  private addDefine(scope: Scope, name: string, n: RngNode): void {
    const body: RngNode = { name: 'group', attrs: {}, children: n.children, text: '' };
    const have = scope.defines.get(name);
    if (!have) scope.defines.set(name, { combine: n.attrs.combine, bodies: [body] });
    else {
      have.bodies.push(body);
      have.combine ??= n.attrs.combine;
    }
  }

  private combineStart(have: RngNode | undefined, n: RngNode): RngNode {
    const body: RngNode = { name: 'group', attrs: {}, children: n.children, text: '' };
    if (!have) return body;
    return {
      name: n.attrs.combine === 'interleave' ? 'interleave' : 'choice',
      attrs: {},
      children: [have, body],
      text: '',
    };
  }

  private include(scope: Scope, n: RngNode, outer: ReadonlySet<string>): void {
    const overridden = new Set(outer);
    for (const c of n.children) {
      if (c.name === 'define') overridden.add(c.attrs.name);
      if (c.name === 'start') overridden.add('#start');
    }
    const included = this.file(n.attrs.href);
    if (included.name === 'grammar') this.fillGrammar(scope, included, overridden);
    // The include's own definitions replace the included file's.
    for (const c of n.children) {
      if (c.name === 'define' && !outer.has(c.attrs.name)) this.addDefine(scope, c.attrs.name, c);
      if (c.name === 'start' && !outer.has('#start')) scope.start = this.combineStart(scope.start, c);
    }
  }

  private resolve(name: string, scope: Scope | undefined): Pattern | undefined {
    for (let s = scope; s; s = s.parent) {
      const d = s.defines.get(name);
      if (!d) continue;
      const node: RngNode =
        d.bodies.length === 1
          ? d.bodies[0]
          : { name: d.combine === 'interleave' ? 'interleave' : 'choice', attrs: {}, children: d.bodies, text: '' };
      return { node, scope: s };
    }
    return undefined;
  }

  /** The summary of a sequence of patterns, narrowed by `written` (the element's attributes). */
  private contentOf(
    nodes: readonly RngNode[],
    scope: Scope,
    written: Readonly<Record<string, string>> | undefined,
    depth: number,
  ): Content {
    const out = emptyContent();
    for (const n of nodes) mergeAll(out, this.summarise(n, scope, written, depth));
    return out;
  }

  private summarise(
    n: RngNode,
    scope: Scope,
    written: Readonly<Record<string, string>> | undefined,
    depth: number,
  ): Content {
    if (depth > 200) return emptyContent();
    // Without attributes to narrow by, a pattern's summary is the same every time: cache it.
    if (!written) {
      let byScope = this.cache.get(n);
      const hit = byScope?.get(scope);
      if (hit) return cloneContent(hit);
      const computed = this.summariseUncached(n, scope, undefined, depth);
      if (!byScope) this.cache.set(n, (byScope = new Map()));
      byScope.set(scope, computed);
      return cloneContent(computed);
    }
    return this.summariseUncached(n, scope, written, depth);
  }

  private summariseUncached(
    n: RngNode,
    scope: Scope,
    written: Readonly<Record<string, string>> | undefined,
    depth: number,
  ): Content {
    const next = depth + 1;
    switch (n.name) {
      case 'element': {
        const c = emptyContent();
        if (elementNames(n).includes('')) c.anyChild = true;
        else c.elements.push({ node: n, scope });
        return c;
      }
      case 'attribute': {
        const c = emptyContent();
        const names = elementNames(n).filter((x) => x !== '');
        const values = this.valuesOf(contentNodes(n), scope, next);
        for (const name of names) c.attributes.set(name, { values: values.values, open: values.open, required: true });
        return c;
      }
      case 'group':
      case 'interleave':
      case 'oneOrMore':
      case 'mixed':
      case 'div': {
        const c = this.contentOf(n.children, scope, written, next);
        if (n.name === 'mixed') c.text = true;
        return c;
      }
      case 'optional':
      case 'zeroOrMore':
        return optional(this.contentOf(n.children, scope, written, next));
      case 'choice': {
        const branches = n.children.map((b) => this.summarise(b, scope, written, next));
        const kept = written ? branches.filter((b) => fits(b, written)) : branches;
        return mergeChoice(kept.length > 0 ? kept : branches);
      }
      case 'ref': {
        const p = this.resolve(n.attrs.name, scope);
        return p ? this.summarise(p.node, p.scope, written, next) : emptyContent();
      }
      case 'parentRef': {
        const p = this.resolve(n.attrs.name, scope.parent);
        return p ? this.summarise(p.node, p.scope, written, next) : emptyContent();
      }
      case 'externalRef': {
        const s = this.grammarScope(this.file(n.attrs.href), scope);
        return s.start ? this.summarise(s.start, s, written, next) : emptyContent();
      }
      case 'grammar': {
        const s = this.grammarScope(n, scope);
        return s.start ? this.summarise(s.start, s, written, next) : emptyContent();
      }
      case 'text':
      case 'data':
      case 'list': {
        const c = emptyContent();
        c.text = true;
        return c;
      }
      case 'value': {
        const c = emptyContent();
        c.text = true;
        c.textValues.push(n.text.trim());
        return c;
      }
      case 'notAllowed': {
        const c = emptyContent();
        c.notAllowed = true;
        return c;
      }
      default:
        // empty, foreign elements (documentation), param, except.
        return emptyContent();
    }
  }

  /** The values an attribute's pattern allows. */
  private valuesOf(nodes: readonly RngNode[], scope: Scope, depth: number): { values: string[]; open: boolean } {
    const out = { values: [] as string[], open: nodes.length === 0 };
    const walk = (n: RngNode, s: Scope, d: number) => {
      if (d > 100) return;
      if (n.name === 'value') addUnique(out.values, [n.text.trim()]);
      else if (n.name === 'data' || n.name === 'text' || n.name === 'list') out.open = true;
      else if (n.name === 'ref' || n.name === 'parentRef') {
        const p = this.resolve(n.attrs.name, n.name === 'ref' ? s : s.parent);
        if (p) walk(p.node, p.scope, d + 1);
      } else if (n.name === 'choice' || n.name === 'group' || n.name === 'optional' || n.name === 'oneOrMore')
        for (const c of n.children) walk(c, s, d + 1);
    };
    for (const n of nodes) walk(n, scope, depth);
    return out;
  }

  /** The <element> patterns for a path from the root, each step narrowed by its written attributes. */
  private definitionsAt(path: readonly PathStep[]): { pattern: Pattern; content: Content }[] {
    if (path.length === 0 || !this.top.start) return [];
    let candidates = this.summarise(this.top.start, this.top, undefined, 0).elements;
    let found: { pattern: Pattern; content: Content }[] = [];
    for (let k = 0; k < path.length; k++) {
      const step = path[k];
      const name = localName(step.name);
      const matching = candidates.filter((p) => elementNames(p.node).includes(name));
      found = matching.map((pattern) => ({
        pattern,
        content: this.contentOf(contentNodes(pattern.node), pattern.scope, nonEmpty(step.attributes), 0),
      }));
      if (k === path.length - 1 || found.length === 0) break;
      candidates = dedupe(found.flatMap((f) => f.content.elements));
    }
    return found;
  }

  /**
   * What the schema allows in the element at `path` (root first). Undefined when the schema
   * has no element at that place. The attributes of the last step narrow the answer.
   */
  elementAt(path: readonly PathStep[]): SchemaElementInfo | undefined {
    // Completion asks about the same few places again and again while one types.
    const key = JSON.stringify(path.map((s) => [s.name, s.attributes ?? {}]));
    if (this.answers.has(key)) return this.answers.get(key);
    const answer = this.computeElementAt(path);
    if (this.answers.size >= ANSWER_CACHE_SIZE) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, answer);
    return answer;
  }

  private computeElementAt(path: readonly PathStep[]): SchemaElementInfo | undefined {
    const found = this.definitionsAt(path);
    if (found.length === 0) return undefined;
    const merged = mergeChoice(found.map((f) => f.content));
    const children = new Map<string, { ns: string; empty: boolean }>();
    for (const p of dedupe(merged.elements)) {
      const ns = p.node.attrs.ns ?? inheritedNs(p.node);
      const inner = this.contentOf(contentNodes(p.node), p.scope, undefined, 0);
      if (inner.notAllowed) continue; // declared but forbidden here (libvirt's privateData)
      const empty = inner.elements.length === 0 && !inner.text && !inner.anyChild;
      for (const name of elementNames(p.node)) {
        const have = children.get(name);
        if (!have) children.set(name, { ns, empty });
        else have.empty &&= empty;
      }
    }
    return {
      name: localName(path[path.length - 1].name),
      children: [...children].map(([name, c]) => ({ name, ns: c.ns, empty: c.empty })),
      attributes: [...merged.attributes].map(([name, a]) => ({
        name,
        values: a.values,
        open: a.open,
        required: a.required,
      })),
      textValues: merged.textValues,
      text: merged.text,
      anyChild: merged.anyChild,
    };
  }

  /** The name of the format's root element(s). */
  roots(): string[] {
    if (!this.top.start) return [];
    return this.summarise(this.top.start, this.top, undefined, 0).elements.flatMap((p) => elementNames(p.node));
  }
}

function cloneContent(c: Content): Content {
  const attributes = new Map<string, AttrAcc>();
  for (const [k, a] of c.attributes) attributes.set(k, { values: [...a.values], open: a.open, required: a.required });
  return {
    elements: [...c.elements],
    attributes,
    textValues: [...c.textValues],
    text: c.text,
    anyChild: c.anyChild,
    notAllowed: c.notAllowed,
  };
}

function nonEmpty(a: Readonly<Record<string, string>> | undefined) {
  return a && Object.keys(a).length > 0 ? a : undefined;
}

/** libvirt's schemas set `ns` on the element only; no inheritance is needed (kept for clarity). */
function inheritedNs(_node: RngNode): string {
  return '';
}

function dedupe(patterns: readonly Pattern[]): Pattern[] {
  const seen = new Set<RngNode>();
  return patterns.filter((p) => (seen.has(p.node) ? false : (seen.add(p.node), true)));
}

/**
 * Whether a choice branch fits the attributes written on the element: it does not when it
 * allows one of them (required or optional) only with a closed list of values that leaves the
 * written value out (`<disk type="network">` does not fit the branch of file disks, whose
 * optional `type` can only be "file").
 */
function fits(branch: Content, written: Readonly<Record<string, string>>): boolean {
  for (const [name, value] of Object.entries(written)) {
    const a = branch.attributes.get(name);
    if (a && !a.open && a.values.length > 0 && !a.values.includes(value.trim())) return false;
  }
  return true;
}

/** The text of `main` and every file it includes, by name, read through `read`. */
export async function readSchemaTexts(
  main: string,
  read: (name: string) => Promise<Uint8Array | undefined>,
): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const pending = [main];
  const decoder = new TextDecoder();
  while (pending.length > 0) {
    const batch = pending.splice(0).filter((n) => !files.has(n) && /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.rng$/.test(n));
    const read_ = await Promise.all(batch.map(async (name) => [name, await read(name)] as const));
    for (const [name, bytes] of read_) {
      if (!bytes) {
        if (name === main) throw new Error(`schema ${main} is missing`);
        continue;
      }
      const text = decoder.decode(bytes);
      files.set(name, text);
      for (const m of text.matchAll(/<(?:\w+:)?(?:include|externalRef)\b[^>]*?\bhref\s*=\s*(["'])(.*?)\1/g))
        pending.push(m[2]);
    }
  }
  return files;
}
