// A tolerant scan of XML text into a tree of elements with the offsets of their names,
// attributes and content: enough to put a validator's message ("element /domain/devices/disk[2]",
// "line 12") on the characters it is about. It is not a parser: it accepts broken text and
// makes the best of it (an unclosed element ends where its parent does, a stray end tag is
// ignored), because it only runs to locate problems, often in documents that have some.
// Linear in the length of the text.

/** An attribute as written: `name='value'`. Offsets are UTF-16 code-unit indexes into the text. */
export interface ScannedAttribute {
  readonly name: string;
  readonly nameStart: number;
  /** Where the value starts and ends, quotes excluded; equal to the name's end when there is no value. */
  readonly valueStart: number;
  readonly valueEnd: number;
  /** The value as written (entities not expanded). */
  readonly value: string;
}

/** An element. `name` is the qualified name as written (`qemu:arg`). */
export interface ScannedElement {
  readonly name: string;
  /** Offset of its `<`. */
  readonly start: number;
  /** Offset just after its name. */
  readonly nameEnd: number;
  readonly attributes: readonly ScannedAttribute[];
  /** Where its content starts (after the start tag's `>`) and ends (the end tag's `<`). */
  readonly contentStart: number;
  contentEnd: number;
  /** Offset just after the element: after its end tag, or its `/>`. */
  end: number;
  readonly children: ScannedElement[];
  readonly parent: ScannedElement | undefined;
}

/** The scanned tree: the root element (undefined when there is none) and every element in document order. */
export interface ScannedDocument {
  readonly root: ScannedElement | undefined;
  readonly elements: readonly ScannedElement[];
}

const NAME_START = /[A-Za-z_:\u00c0-\uffff]/;
const NAME_CHAR = /[\w.:\u00b7\u00c0-\uffff-]/;

function readName(text: string, i: number): number {
  if (i >= text.length || !NAME_START.test(text[i])) return i;
  let j = i + 1;
  while (j < text.length && NAME_CHAR.test(text[j])) j++;
  return j;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  return i;
}

/** Offset just after `close` from `from`, or the end of the text. */
function after(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  return at < 0 ? text.length : at + close.length;
}

/** Scans `text` into its elements. */
export function scanXml(text: string): ScannedDocument {
  const elements: ScannedElement[] = [];
  const stack: ScannedElement[] = [];
  let root: ScannedElement | undefined;
  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i < 0) break;
    if (text.startsWith('<!--', i)) {
      i = after(text, '-->', i + 4);
    } else if (text.startsWith('<![CDATA[', i)) {
      i = after(text, ']]>', i + 9);
    } else if (text.startsWith('<?', i)) {
      i = after(text, '?>', i + 2);
    } else if (text.startsWith('<!', i)) {
      // A DOCTYPE: its internal subset may hold `>` inside brackets and quotes.
      let depth = 0;
      let j = i + 2;
      for (; j < text.length; j++) {
        const c = text[j];
        if (c === '"' || c === "'") {
          const close = text.indexOf(c, j + 1);
          j = close < 0 ? text.length : close;
        } else if (c === '[') depth++;
        else if (c === ']') depth--;
        else if (c === '>' && depth <= 0) break;
      }
      i = j + 1;
    } else if (text[i + 1] === '/') {
      const nameEnd = readName(text, i + 2);
      const name = text.slice(i + 2, nameEnd);
      // Close the innermost open element of that name, and any left open inside it.
      let at = stack.length - 1;
      while (at >= 0 && stack[at].name !== name) at--;
      const tagEnd = after(text, '>', nameEnd);
      if (at >= 0) {
        while (stack.length > at) {
          const closed = stack.pop()!;
          closed.contentEnd = i;
          closed.end = stack.length === at ? tagEnd : i;
        }
      }
      i = tagEnd;
    } else {
      const nameEnd = readName(text, i + 1);
      if (nameEnd === i + 1) {
        i++;
        continue;
      }
      const attributes: ScannedAttribute[] = [];
      let j = skipSpace(text, nameEnd);
      let selfClosing = false;
      while (j < text.length) {
        if (text[j] === '>') {
          j++;
          break;
        }
        if (text.startsWith('/>', j)) {
          selfClosing = true;
          j += 2;
          break;
        }
        if (text[j] === '<') break; // an unfinished tag: the next one starts here
        const attrEnd = readName(text, j);
        if (attrEnd === j) {
          j++;
          continue;
        }
        let k = skipSpace(text, attrEnd);
        let valueStart = attrEnd;
        let valueEnd = attrEnd;
        if (text[k] === '=') {
          k = skipSpace(text, k + 1);
          const quote = text[k];
          if (quote === '"' || quote === "'") {
            const close = text.indexOf(quote, k + 1);
            valueStart = k + 1;
            valueEnd = close < 0 ? text.length : close;
            k = close < 0 ? text.length : close + 1;
          } else {
            valueStart = k;
            while (k < text.length && !/[\s>]/.test(text[k]) && !text.startsWith('/>', k)) k++;
            valueEnd = k;
          }
        }
        attributes.push({
          name: text.slice(j, attrEnd),
          nameStart: j,
          valueStart,
          valueEnd,
          value: text.slice(valueStart, valueEnd),
        });
        j = skipSpace(text, k);
      }
      const parent = stack[stack.length - 1];
      const element: ScannedElement = {
        name: text.slice(i + 1, nameEnd),
        start: i,
        nameEnd,
        attributes,
        contentStart: j,
        contentEnd: j,
        end: j,
        children: [],
        parent,
      };
      elements.push(element);
      if (parent) parent.children.push(element);
      else root ??= element;
      if (!selfClosing) {
        element.contentEnd = element.end = text.length;
        stack.push(element);
      }
      i = j;
    }
  }
  return { root, elements };
}

/**
 * The element at a path as libxml2's xmlGetNodePath writes it: `/domain/devices/disk[2]`,
 * `/domain/qemu:commandline/qemu:arg[3]`, `/*` for an element in a default namespace (which
 * libxml2 cannot name). Undefined when the path does not lead to an element of the scan.
 */
export function elementAtPath(doc: ScannedDocument, path: string): ScannedElement | undefined {
  const segments = path.split('/').slice(1);
  if (!doc.root || segments.length === 0) return undefined;
  let candidates: readonly ScannedElement[] = [doc.root];
  let found: ScannedElement | undefined;
  for (const segment of segments) {
    const m = /^(\*|[^[\]/]+)(?:\[(\d+)\])?$/.exec(segment);
    if (!m) return undefined;
    const [, name, index] = m;
    const same = name === '*' ? candidates : candidates.filter((e) => e.name === name);
    found = same[index ? Number(index) - 1 : 0];
    if (!found) return undefined;
    candidates = found.children;
  }
  return found;
}

/** Line starts of a text, to turn offsets into lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column (UTF-16 code units) of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  /** The offset where a 1-based line starts, and the text of that line without its line break. */
  line(line: number): { start: number; text: string } | undefined {
    if (line < 1 || line > this.starts.length) return undefined;
    const start = this.starts[line - 1];
    const next = line < this.starts.length ? this.starts[line] : this.text.length;
    return { start, text: this.text.slice(start, next).replace(/\r?\n$|\r$/, '') };
  }
}
