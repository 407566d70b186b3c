// libxml2's diagnostics turned into problems a person can be shown: each keeps libxml2's own
// message (`raw`), gets a structured `kind` with the names it involves (so that a later
// step can explain it in plain words, in either language), and a range in the text.
//
// libxml2's Relax-NG messages are terse and sometimes indirect, which the kinds say as they
// are rather than guessing more than the message holds (measured with libvirt 9.0's schemas):
//  - an attribute value libvirt does not accept is often reported as "Invalid attribute arch
//    for element type", exactly like an attribute that is unknown there;
//  - "Element boot failed to validate attributes" is said both for a bad value and for a
//    missing required attribute;
//  - inside an <interleave> (devices, most of <domain>), the error in a child is replaced by
//    "Extra element devices in interleave" (no line) and "Element domain failed to validate
//    content" at the child where matching stopped: libxml2 names the container, not the
//    culprit.
// Validation errors come with a line and the node's XPath (`/domain/devices/disk[2]`) but no
// column; the XPath is looked up in a tolerant scan of the text (xmlTextScan.ts), which gives
// exact columns, also for a start tag spread over several lines. Parser errors come with a
// line and a column in characters (code points), turned into UTF-16 columns like an editor's.

import type { XmlProblem } from './libvirtDocument';
import type { Libxml2Diagnostic } from './libxml2Engine';
import { elementAtPath, LineIndex, scanXml, type ScannedDocument, type ScannedElement } from './xmlTextScan';

/**
 * What a problem is about:
 * - 'not-well-formed': the text is not XML (a parser error); nothing was validated.
 * - 'extra-element': `element` is not allowed where it is ("Element os has extra content:
 *   bogus", "Did not expect element X there"); `parent` is its container when named.
 * - 'missing-element': `expected` is required and absent ("Expecting an element name, got
 *   nothing"), or `found` stands where `expected` should ("Expecting element domain, got network").
 * - 'invalid-content': the content of `element` does not match the schema, and matching
 *   stopped at `child` ("Element domain failed to validate content", "Extra element devices in
 *   interleave", "Invalid sequence in interleave"): the culprit is `child` or inside it.
 * - 'invalid-attribute': `attribute` of `element` is not allowed there, or not with this
 *   `value` (libxml2 says the same for both).
 * - 'bad-attribute-value': an attribute of `element` has a value its type refuses (`value`,
 *   `type`, and `attribute` when it could be told), or a required attribute is missing
 *   ("Element boot failed to validate attributes" says no more).
 * - 'bad-element-value': the text of `element` is not an allowed value (`value`, `type`).
 * - 'unexpected-text': text where only elements (or nothing) may be.
 * - 'other': anything else libxml2 says; `raw` is all there is.
 */
export type LibvirtProblemKind =
  | 'not-well-formed'
  | 'extra-element'
  | 'missing-element'
  | 'invalid-content'
  | 'invalid-attribute'
  | 'bad-attribute-value'
  | 'bad-element-value'
  | 'unexpected-text'
  | 'other';

/** The names a problem involves, as written in the document (qualified names without index). */
export interface LibvirtProblemNames {
  readonly element?: string;
  readonly parent?: string;
  readonly child?: string;
  readonly expected?: string;
  readonly found?: string;
  readonly attribute?: string;
  /** The value at fault, as written in the document when it could be found there. */
  readonly value?: string;
  /** The Relax-NG datatype that refused it ("unsignedLong"). */
  readonly type?: string;
}

/** A problem from the in-process validator. */
export interface LibvirtProblem extends XmlProblem {
  /**
   * 1-based start line and column (UTF-16 code units, as an editor counts) of what the
   * problem names: an element's `<name`, an attribute, a value, or where the parser stopped.
   * Null when libxml2 named nothing that could be found.
   */
  readonly line: number | null;
  readonly column: number | null;
  /** 1-based end, exclusive; null together with `column`. */
  readonly endLine: number | null;
  readonly endColumn: number | null;
  /** libxml2's message, as libxml2 wrote it (the same as `raw`, for XmlProblem's readers). */
  readonly message: string;
  readonly raw: string;
  readonly kind: LibvirtProblemKind;
  readonly names: LibvirtProblemNames;
  /** The node libxml2 reported it on, as an XPath (`/domain/devices`), when it gave one. */
  readonly path?: string;
  /** The name of that node, as virt-xml-validate's "element devices:" prefix gives it. */
  readonly element?: string;
}

// ---------------------------------------------------------------------------------------
// Classification: libxml2's Relax-NG messages (relaxng.c, xmlRelaxNGGetErrorString).

interface Classified {
  kind: LibvirtProblemKind;
  names: LibvirtProblemNames;
}

const N = '([^\\s,:]+)';
const RULES: readonly [RegExp, (m: RegExpExecArray, node: string | undefined) => Classified][] = [
  [
    new RegExp(`^Element ${N} has extra content: ${N}$`),
    (m) => ({ kind: 'extra-element', names: { element: m[2], parent: m[1] } }),
  ],
  [
    new RegExp(`^Did not expect element ${N} there$`),
    (m, node) => ({ kind: 'extra-element', names: { element: m[1], ...(node ? { parent: node } : {}) } }),
  ],
  [
    new RegExp(`^Expecting an element ${N}, got nothing$`),
    (m, node) => ({ kind: 'missing-element', names: { expected: m[1], ...(node ? { parent: node } : {}) } }),
  ],
  [
    new RegExp(`^Expecting element ${N}, got ${N}$`),
    (m) => ({ kind: 'missing-element', names: { expected: m[1], found: m[2] } }),
  ],
  [
    new RegExp(`^Element ${N} failed to validate content$`),
    (m, node) => ({
      kind: 'invalid-content',
      names: { element: m[1], ...(node && node !== m[1] ? { child: node } : {}) },
    }),
  ],
  [new RegExp(`^Extra element ${N} in interleave$`), (m) => ({ kind: 'invalid-content', names: { child: m[1] } })],
  [
    /^Invalid sequence in interleave$/,
    (_m, node) => ({ kind: 'invalid-content', names: node ? { element: node } : {} }),
  ],
  [new RegExp(`^Expecting element ${N} to be empty$`), (m) => ({ kind: 'invalid-content', names: { element: m[1] } })],
  [
    new RegExp(`^Invalid attribute ${N} for element ${N}$`),
    (m) => ({ kind: 'invalid-attribute', names: { attribute: m[1], element: m[2] } }),
  ],
  [
    new RegExp(`^Element ${N} failed to validate attributes$`),
    (m) => ({ kind: 'bad-attribute-value', names: { element: m[1] } }),
  ],
  [
    new RegExp(`^Type ${N} doesn't allow value '([\\s\\S]*)'$`),
    (m, node) => ({
      kind: 'bad-element-value',
      names: { type: m[1], value: m[2], ...(node ? { element: node } : {}) },
    }),
  ],
  [
    new RegExp(`^(?:Error validating datatype|failed to validate type) ${N}$`),
    (m, node) => ({ kind: 'bad-element-value', names: { type: m[1], ...(node ? { element: node } : {}) } }),
  ],
  [
    /^(?:Error validating value|Error validating list|Extra data in list)\b/,
    (_m, node) => ({ kind: 'bad-element-value', names: node ? { element: node } : {} }),
  ],
  [
    new RegExp(`^Did not expect text in element ${N} content$`),
    (m) => ({ kind: 'unexpected-text', names: { element: m[1] } }),
  ],
  [
    /^Expecting an element got text$/,
    (_m, node) => ({ kind: 'unexpected-text', names: node ? { element: node } : {} }),
  ],
];

/** The kind and names of a libxml2 Relax-NG message about `node` (the reported node's name). */
export function classifyRelaxNgMessage(message: string, node?: string): Classified {
  for (const [re, make] of RULES) {
    const m = re.exec(message);
    if (m) return make(m, node);
  }
  return { kind: 'other', names: node ? { element: node } : {} };
}

// ---------------------------------------------------------------------------------------
// Location.

interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The last step of an XPath, without its index: `disk` for `/domain/devices/disk[2]`. */
function lastStep(path: string): string {
  return (path.slice(path.lastIndexOf('/') + 1).split('[')[0] ?? '').trim();
}

/** The UTF-16 offset in `line` of its `codePoints`-th code point (0-based), clamped to its end. */
function offsetOfCodePoint(line: string, codePoints: number): number {
  let i = 0;
  for (let n = 0; n < codePoints && i < line.length; n++) {
    const c = line.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < line.length ? 2 : 1;
  }
  return i;
}

class Locator {
  private scanned: ScannedDocument | undefined;
  readonly lines: LineIndex;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  get scan(): ScannedDocument {
    return (this.scanned ??= scanXml(this.text));
  }

  range(start: number, end: number): Range {
    const a = this.lines.position(start);
    const b = this.lines.position(Math.max(end, start));
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  /** `<name` of an element's start tag. */
  tag(e: ScannedElement): Range {
    return this.range(e.start, e.nameEnd);
  }

  /** The text content of an element without surrounding white space, when it has no child elements. */
  textContent(e: ScannedElement): { start: number; end: number; value: string } | undefined {
    if (e.children.length > 0 || e.contentEnd <= e.contentStart) return undefined;
    const raw = this.text.slice(e.contentStart, e.contentEnd);
    const value = raw.trim();
    if (!value) return undefined;
    const start = e.contentStart + raw.indexOf(value);
    return { start, end: start + value.length, value };
  }

  /** A start tag `<name` on a 1-based line, for when the XPath did not lead anywhere. */
  tagOnLine(line: number, name: string): Range | undefined {
    const l = this.lines.line(line);
    if (!l || !name || name === '*') return undefined;
    const at = l.text.search(new RegExp(`<${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s/>]|$)`));
    return at < 0 ? undefined : this.range(l.start + at, l.start + at + 1 + name.length);
  }

  /** A parser error's place: libxml2's 1-based line and column in code points. */
  parserPosition(line: number, column: number, message: string): Range | undefined {
    const l = this.lines.line(line);
    if (!l) return undefined;
    let at = offsetOfCodePoint(l.text, Math.max(column - 1, 0));
    // A mismatched end tag: libxml2 stops after it; the tag itself is what to show.
    const mismatch = /^Opening and ending tag mismatch: \S+ line \d+ and (\S+)$/.exec(message);
    if (mismatch) {
      const tag = `</${mismatch[1]}`;
      const found = l.text.lastIndexOf(tag, Math.max(at - 1, 0));
      if (found >= 0) {
        const close = l.text.indexOf('>', found);
        return this.range(l.start + found, l.start + (close < 0 ? found + tag.length : close + 1));
      }
    }
    // Past the end of the line (where libxml2 may stop): the line's last character.
    if (at >= l.text.length) at = Math.max(l.text.length - 1, 0);
    return this.range(l.start + at, l.start + Math.min(at + 1, l.text.length));
  }
}

function element(loc: Locator, path: string | undefined): ScannedElement | undefined {
  return path ? elementAtPath(loc.scan, path) : undefined;
}

/** Where a validation problem is, and what the text adds to its names. */
function place(
  loc: Locator,
  d: Libxml2Diagnostic,
  c: Classified,
): { range: Range | undefined; kind: LibvirtProblemKind; names: LibvirtProblemNames } {
  const e = element(loc, d.path);
  const { names } = c;
  let { kind } = c;
  if (!e) {
    const fallback = d.line > 0 && d.path ? loc.tagOnLine(d.line, lastStep(d.path)) : undefined;
    return { range: fallback, kind, names };
  }
  if (kind === 'invalid-attribute' && names.attribute) {
    const a = e.attributes.find((x) => x.name === names.attribute);
    if (a) return { range: loc.range(a.nameStart, a.valueEnd + 1), kind, names: { ...names, value: a.value } };
  }
  if (kind === 'bad-element-value') {
    // "Type unsignedLong doesn't allow value 'x'" is said of attributes and of text alike.
    const content = loc.textContent(e);
    if (names.value !== undefined && content?.value !== names.value) {
      const a = e.attributes.find((x) => x.value === names.value);
      if (a) {
        kind = 'bad-attribute-value';
        return { range: loc.range(a.valueStart, a.valueEnd), kind, names: { ...names, attribute: a.name } };
      }
    }
    if (content)
      return { range: loc.range(content.start, content.end), kind, names: { value: content.value, ...names } };
  }
  return { range: loc.tag(e), kind, names };
}

/**
 * Problems from libxml2's diagnostics on `text`. `parser` is true when they come from the
 * parser (the document is not well-formed), false for Relax-NG validation.
 */
export function libxml2Problems(
  text: string,
  diagnostics: readonly Libxml2Diagnostic[],
  parser: boolean,
): LibvirtProblem[] {
  const loc = new Locator(text);
  const placed = diagnostics.map((d) => {
    const raw = d.message;
    const node = d.path ? lastStep(d.path) : undefined;
    if (parser) {
      const range = d.line > 0 ? loc.parserPosition(d.line, d.column, raw) : undefined;
      return { d, raw, node, kind: 'not-well-formed' as const, names: {}, range };
    }
    const c = classifyRelaxNgMessage(raw, node === '*' ? undefined : node);
    const { range, kind, names } = place(loc, d, c);
    return { d, raw, node, kind, names, range };
  });
  // libxml2 gives no node for "Extra element X in interleave": borrow the place of a nearby
  // problem reported on an element X, or of the only element X in the document.
  for (let i = 0; i < placed.length; i++) {
    const p = placed[i];
    const name = p.names.child ?? p.names.element;
    if (p.range || p.d.path || !name) continue;
    const near = [...placed.slice(i + 1), ...placed.slice(0, i).reverse()].find(
      (q) => q.d.path && q.node === name && q.range,
    );
    if (near) {
      p.range = near.range;
      continue;
    }
    const only = loc.scan.elements.filter((e) => e.name === name);
    if (only.length === 1) p.range = loc.tag(only[0]);
  }
  return placed.map(({ d, raw, node, kind, names, range }) => ({
    line: range?.line ?? (d.line > 0 ? d.line : null),
    column: range?.column ?? null,
    endLine: range ? range.endLine : null,
    endColumn: range ? range.endColumn : null,
    message: raw,
    raw,
    kind,
    names,
    ...(d.path ? { path: d.path } : {}),
    ...(node && node !== '*' ? { element: node } : {}),
  }));
}
