// Where the cursor is in an XML document, for completion: after `<` (an element name is being
// typed), inside a start tag (an attribute name), inside an attribute value's quotes, or in an
// element's text; with the elements open around it, root first, and the attributes written on
// each. A tolerant scan of the text before the cursor (and of the rest of the tag it is in):
// unclosed elements, stray end tags and unterminated tags never make it throw.
import type { PathStep } from './schemaModel';

export interface OpenElement extends PathStep {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export type CompletionContext =
  /** After `<`: the element's name from `start` to `end` (what is typed so far is `prefix`). */
  | {
      readonly kind: 'element';
      readonly parents: readonly OpenElement[];
      readonly start: number;
      readonly end: number;
      readonly prefix: string;
    }
  /** Inside the start tag of `path`'s last element, where an attribute name goes. */
  | {
      readonly kind: 'attribute';
      readonly path: readonly OpenElement[];
      readonly start: number;
      readonly end: number;
      readonly prefix: string;
      /** True when the name being replaced already has `=` after it. */
      readonly hasValue: boolean;
    }
  /** Inside the quotes of `attribute` on `path`'s last element; the value spans start..end. */
  | {
      readonly kind: 'value';
      readonly path: readonly OpenElement[];
      readonly attribute: string;
      readonly start: number;
      readonly end: number;
      readonly prefix: string;
    }
  /** In the text of `path`'s last element (one word, or nothing yet). */
  | {
      readonly kind: 'text';
      readonly path: readonly OpenElement[];
      readonly start: number;
      readonly end: number;
      readonly prefix: string;
    };

const NAME = /[A-Za-z_][\w.:-]*/y;

interface Tag {
  name: string;
  nameEnd: number;
  attrs: {
    name: string;
    nameStart: number;
    nameEnd: number;
    eq: boolean;
    valueStart: number;
    valueEnd: number;
    value: string;
    closed: boolean;
  }[];
  /** Offset just after `>` or `/>`; or where the unterminated tag stops. */
  end: number;
  selfClosing: boolean;
  terminated: boolean;
}

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Reads a start tag whose name starts at `i` (just after `<`). */
function readTag(text: string, i: number): Tag {
  NAME.lastIndex = i;
  const m = NAME.exec(text);
  const name = m ? m[0] : '';
  let j = i + name.length;
  const tag: Tag = { name, nameEnd: j, attrs: [], end: j, selfClosing: false, terminated: false };
  while (j < text.length) {
    const c = text[j];
    if (isSpace(c)) {
      j++;
      continue;
    }
    if (c === '>') {
      tag.end = j + 1;
      tag.terminated = true;
      return tag;
    }
    if (c === '/' && text[j + 1] === '>') {
      tag.end = j + 2;
      tag.selfClosing = true;
      tag.terminated = true;
      return tag;
    }
    if (c === '<') break;
    NAME.lastIndex = j;
    const a = NAME.exec(text);
    if (!a) {
      j++;
      continue;
    }
    const attr = {
      name: a[0],
      nameStart: j,
      nameEnd: j + a[0].length,
      eq: false,
      valueStart: -1,
      valueEnd: -1,
      value: '',
      closed: false,
    };
    j = attr.nameEnd;
    let k = j;
    while (isSpace(text[k])) k++;
    if (text[k] === '=') {
      attr.eq = true;
      k++;
      while (isSpace(text[k])) k++;
      const q = text[k];
      if (q === '"' || q === "'") {
        attr.valueStart = k + 1;
        let close = text.indexOf(q, k + 1);
        // An unterminated value ends at the line's end (the user is typing it).
        const nl = text.indexOf('\n', k + 1);
        if (close < 0 || (nl >= 0 && nl < close && text.slice(k + 1, nl).includes('<'))) close = -1;
        attr.closed = close >= 0;
        attr.valueEnd = close >= 0 ? close : nl >= 0 ? nl : text.length;
        attr.value = text.slice(attr.valueStart, attr.valueEnd);
        j = close >= 0 ? close + 1 : attr.valueEnd;
      } else j = k;
    }
    tag.attrs.push(attr);
  }
  tag.end = j;
  return tag;
}

const attrsOf = (tag: Tag): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const a of tag.attrs) if (a.eq && a.valueStart >= 0) out[a.name] = a.value;
  return out;
};

/** The completion context at `offset` in `text`, or undefined where nothing is to be completed. */
export function completionContextAt(text: string, offset: number): CompletionContext | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const stack: OpenElement[] = [];
  let i = 0;
  let textStart = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0 || lt >= offset) {
      // In text: the word before the cursor, if the element has one.
      const from = Math.max(textStart, i);
      if (stack.length === 0) return undefined;
      const before = text.slice(from, offset);
      // A word, or a path (a firmware file): anything up to white space or markup.
      const word = /[^\s<>&]*$/.exec(before)?.[0] ?? '';
      if (/\S/.test(before.slice(0, before.length - word.length))) return undefined;
      let end = offset;
      while (end < text.length && /[^\s<>&]/.test(text[end])) end++;
      return { kind: 'text', path: [...stack], start: offset - word.length, end, prefix: word };
    }
    if (
      text.startsWith('<!--', lt) ||
      text.startsWith('<![CDATA[', lt) ||
      text.startsWith('<?', lt) ||
      text.startsWith('<!', lt)
    ) {
      const close = text.startsWith('<!--', lt)
        ? '-->'
        : text.startsWith('<![CDATA[', lt)
          ? ']]>'
          : text.startsWith('<?', lt)
            ? '?>'
            : '>';
      const end = text.indexOf(close, lt + 2);
      if (end < 0 || end + close.length > offset) return undefined;
      i = textStart = end + close.length;
      continue;
    }
    if (text[lt + 1] === '/') {
      const end = text.indexOf('>', lt);
      if (end < 0 || end >= offset) return undefined;
      NAME.lastIndex = lt + 2;
      const name = NAME.exec(text)?.[0];
      const at = name === undefined ? -1 : stack.map((e) => e.name).lastIndexOf(name);
      if (at >= 0) stack.length = at;
      i = textStart = end + 1;
      continue;
    }
    const tag = readTag(text, lt + 1);
    if (offset <= tag.nameEnd) {
      if (/\S/.test(text.slice(lt + 1, offset)) && !/^[A-Za-z_][\w.:-]*$/.test(text.slice(lt + 1, offset)))
        return undefined;
      return {
        kind: 'element',
        parents: [...stack],
        start: lt + 1,
        end: tag.nameEnd,
        prefix: text.slice(lt + 1, offset),
      };
    }
    if (offset < tag.end || (!tag.terminated && offset <= tag.end)) {
      const path = [...stack, { name: tag.name, attributes: attrsOf(tag) }];
      for (const a of tag.attrs) {
        if (
          a.valueStart >= 0 &&
          offset >= a.valueStart &&
          offset <= a.valueEnd &&
          (a.closed ? offset <= a.valueEnd : true)
        )
          return {
            kind: 'value',
            path: withoutAttr(path, a.name),
            attribute: a.name,
            start: a.valueStart,
            end: a.valueEnd,
            prefix: text.slice(a.valueStart, offset),
          };
        if (offset >= a.nameStart && offset <= a.nameEnd)
          return {
            kind: 'attribute',
            path: withoutAttr(path, a.name),
            start: a.nameStart,
            end: a.nameEnd,
            prefix: text.slice(a.nameStart, offset),
            hasValue: a.eq,
          };
      }
      // Between attributes: only after white space (not right after a value's closing quote).
      if (!isSpace(text[offset - 1])) return undefined;
      return { kind: 'attribute', path, start: offset, end: offset, prefix: '', hasValue: false };
    }
    if (tag.terminated && !tag.selfClosing && tag.name) stack.push({ name: tag.name, attributes: attrsOf(tag) });
    i = textStart = tag.end;
  }
}

function withoutAttr(path: OpenElement[], name: string): OpenElement[] {
  const last = path[path.length - 1];
  const attributes = { ...last.attributes };
  delete attributes[name];
  return [...path.slice(0, -1), { name: last.name, attributes }];
}
