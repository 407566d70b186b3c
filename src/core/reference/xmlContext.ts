// What is under the cursor in an XML document (libvirt domain, network, pool, volume and snapshot
// XML): an element name, an attribute name, an attribute value or a word of text, together with
// the element names from the root down to it. One pass of a small tokenizer builds an index that
// answers any number of positions in O(log n), so a caller can keep one per document version.
// It accepts any input: comments, CDATA, processing instructions, doctype declarations,
// unterminated tags and quotes, stray '<' and binary junk never make it throw.

/** Documents longer than this (in UTF-16 code units) are not indexed. */
export const MAX_XML_LENGTH = 2 * 1024 * 1024;

/** Text between tags is offered for hovering only when it is one word no longer than this. */
const MAX_TEXT_WORD = 200;

export type XmlNodeKind = 'element' | 'attribute' | 'attributeValue' | 'text';

/** The thing under the cursor. */
export interface XmlNode {
  kind: XmlNodeKind;
  /** The element's name ('element', 'text') or the attribute's name ('attribute', 'attributeValue'). */
  name: string;
  /**
   * Element names from the root to the element concerned: the element itself for 'element' and
   * 'text', the element that carries the attribute for 'attribute' and 'attributeValue'. In
   * `<domain><devices><disk><source file='x'/>` the `file` attribute has
   * `['domain', 'devices', 'disk', 'source']`.
   */
  path: string[];
  /** 'attributeValue': the value, entity references decoded. 'text': the word. */
  value?: string;
  /** 'element': the name is in an end tag (`</disk>`). */
  closing?: boolean;
  /** Range of the hovered token (the name, the value without its quotes, or the word). */
  start: number;
  end: number;
}

export interface XmlIndex {
  /** Name of the first element of the document (`domain`, `network`, `pool`, ...), if any. */
  readonly root: string | undefined;
  /** Number of hoverable tokens found. */
  readonly size: number;
  /** The node at `offset` (a UTF-16 offset into the indexed text), if the cursor is on one. */
  nodeAt(offset: number): XmlNode | undefined;
}

interface ElementRecord {
  name: string;
  parent: ElementRecord | undefined;
}

interface Token {
  start: number;
  end: number;
  kind: XmlNodeKind;
  name: string;
  element: ElementRecord;
  value?: string;
  closing?: boolean;
}

/**
 * Indexes `text` once. Returns undefined for documents over MAX_XML_LENGTH, so a caller can skip
 * huge files without further checks.
 */
export function indexXml(text: string): XmlIndex | undefined {
  if (typeof text !== 'string' || text.length > MAX_XML_LENGTH) return undefined;
  const tokens = tokenize(text);
  let root: string | undefined;
  for (const t of tokens) {
    if (t.kind === 'element' && !t.closing && t.element.parent === undefined) {
      root = t.name;
      break;
    }
  }
  return {
    root,
    size: tokens.length,
    nodeAt: (offset) => nodeAt(tokens, offset),
  };
}

/** Convenience for a single question; prefer indexXml for repeated ones. */
export function xmlNodeAt(text: string, offset: number): XmlNode | undefined {
  return indexXml(text)?.nodeAt(offset);
}

function nodeAt(tokens: readonly Token[], offset: number): XmlNode | undefined {
  if (!Number.isFinite(offset) || tokens.length === 0) return undefined;
  // Last token starting at or before offset.
  let lo = 0;
  let hi = tokens.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  const t = tokens[found];
  // Inside the token, or just after it (a caret at the end of a word).
  if (offset >= t.end && !(offset === t.end && t.end > t.start)) return undefined;
  const path = pathOf(t.element);
  const node: XmlNode = { kind: t.kind, name: t.name, path, start: t.start, end: t.end };
  if (t.value !== undefined) node.value = t.value;
  if (t.closing) node.closing = true;
  return node;
}

function pathOf(element: ElementRecord): string[] {
  const path: string[] = [];
  for (let e: ElementRecord | undefined = element; e; e = e.parent) path.push(e.name);
  return path.reverse();
}

// --- Tokenizer --------------------------------------------------------------------------------

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const EQ = 0x3d;
const QUOT = 0x22;
const APOS = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a || c > 0x7f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

function tokenize(text: string): Token[] {
  const n = text.length;
  const tokens: Token[] = [];
  const stack: ElementRecord[] = [];
  // How many elements of each name are open. An end tag whose name is not open is answered
  // without scanning the stack, so runs of unmatched end tags cost O(n) rather than O(n * depth).
  const openByName = new Map<string, number>();
  const top = (): ElementRecord | undefined => stack[stack.length - 1];
  let i = 0;

  const nameEnd = (from: number): number => {
    let j = from;
    if (j < n && isNameStart(text.charCodeAt(j))) {
      j++;
      while (j < n && isNameChar(text.charCodeAt(j))) j++;
    }
    return j;
  };

  while (i < n) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    const parent = top();
    if (parent && textEnd > i) addText(tokens, text, i, textEnd, parent);
    if (lt < 0) break;
    i = lt;

    if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      i = e < 0 ? n : e + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const e = text.indexOf(']]>', i + 9);
      i = e < 0 ? n : e + 3;
      continue;
    }
    const next = i + 1 < n ? text.charCodeAt(i + 1) : -1;
    if (next === QUESTION) {
      const e = text.indexOf('?>', i + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (next === BANG) {
      i = skipDeclaration(text, i + 2);
      continue;
    }

    if (next === SLASH) {
      // End tag.
      const s = i + 2;
      const e = nameEnd(s);
      if (e === s) {
        i += 1; // '</' not followed by a name: plain text
        continue;
      }
      const name = text.slice(s, e);
      let matched = -1;
      if ((openByName.get(name) ?? 0) > 0) {
        for (let k = stack.length - 1; k >= 0; k--) {
          if (stack[k].name === name) {
            matched = k;
            break;
          }
        }
      }
      const element = matched >= 0 ? stack[matched] : { name, parent: top() };
      tokens.push({ start: s, end: e, kind: 'element', name, element, closing: true });
      if (matched >= 0) {
        // Each element is popped once, so the scan above and this loop are linear overall.
        for (let k = stack.length - 1; k >= matched; k--) {
          const popped = stack[k].name;
          openByName.set(popped, (openByName.get(popped) ?? 1) - 1);
        }
        stack.length = matched;
      }
      i = skipToTagEnd(text, e);
      continue;
    }

    // Start tag.
    const s = i + 1;
    const e = nameEnd(s);
    if (e === s) {
      i += 1; // a '<' that opens nothing: plain text
      continue;
    }
    const element: ElementRecord = { name: text.slice(s, e), parent: top() };
    tokens.push({ start: s, end: e, kind: 'element', name: element.name, element });
    let j = e;
    let open = true;
    for (;;) {
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (j >= n) break; // unterminated at the end of the document
      const c = text.charCodeAt(j);
      if (c === GT) {
        j++;
        break;
      }
      if (c === SLASH && j + 1 < n && text.charCodeAt(j + 1) === GT) {
        j += 2;
        open = false;
        break;
      }
      if (c === LT) break; // unterminated tag: the next tag begins here
      const an = nameEnd(j);
      if (an === j) {
        j++; // junk inside a tag
        continue;
      }
      const attr = text.slice(j, an);
      tokens.push({ start: j, end: an, kind: 'attribute', name: attr, element });
      j = an;
      let k = j;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (k >= n || text.charCodeAt(k) !== EQ) continue; // attribute without a value
      k++;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (k >= n) {
        j = k;
        break;
      }
      const q = text.charCodeAt(k);
      if (q === QUOT || q === APOS) {
        // A quoted value ends at its quote; '<' cannot occur in a value, so an unterminated one
        // ends there too and the tag with it.
        const vs = k + 1;
        let ve = vs;
        while (ve < n) {
          const vc = text.charCodeAt(ve);
          if (vc === q || vc === LT) break;
          ve++;
        }
        pushValue(tokens, text, vs, ve, attr, element);
        j = ve < n && text.charCodeAt(ve) === q ? ve + 1 : ve;
      } else {
        let ve = k;
        while (ve < n) {
          const vc = text.charCodeAt(ve);
          if (isSpace(vc) || vc === GT || vc === LT) break;
          if (vc === SLASH && ve + 1 < n && text.charCodeAt(ve + 1) === GT) break;
          ve++;
        }
        pushValue(tokens, text, k, ve, attr, element);
        j = ve;
      }
    }
    if (open) {
      stack.push(element);
      openByName.set(element.name, (openByName.get(element.name) ?? 0) + 1);
    }
    i = j;
  }
  return tokens;
}

function pushValue(
  tokens: Token[],
  text: string,
  start: number,
  end: number,
  attr: string,
  element: ElementRecord,
): void {
  tokens.push({
    start,
    end,
    kind: 'attributeValue',
    name: attr,
    element,
    value: decodeEntities(text.slice(start, end)),
  });
}

function addText(tokens: Token[], text: string, from: number, to: number, element: ElementRecord): void {
  let s = from;
  let e = to;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e === s || e - s > MAX_TEXT_WORD) return;
  for (let k = s; k < e; k++) if (isSpace(text.charCodeAt(k))) return;
  tokens.push({ start: s, end: e, kind: 'text', name: element.name, element, value: decodeEntities(text.slice(s, e)) });
}

/** Skips `<!DOCTYPE ...>` and similar declarations, including an internal subset in brackets. */
function skipDeclaration(text: string, from: number): number {
  const n = text.length;
  let depth = 0;
  let quote = -1;
  for (let j = from; j < n; j++) {
    const c = text.charCodeAt(j);
    if (quote >= 0) {
      if (c === quote) quote = -1;
    } else if (c === QUOT || c === APOS) quote = c;
    else if (c === LBRACKET) depth++;
    else if (c === RBRACKET) depth = Math.max(0, depth - 1);
    else if (c === GT && depth === 0) return j + 1;
  }
  return n;
}

/** After an end tag's name: skip to just past '>', or stop before a '<' that starts the next tag. */
function skipToTagEnd(text: string, from: number): number {
  const n = text.length;
  for (let j = from; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === GT) return j + 1;
    if (c === LT) return j;
  }
  return n;
}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}
