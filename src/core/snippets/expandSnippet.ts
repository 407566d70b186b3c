// Expands a VS Code / TextMate snippet body to the text a user gets by accepting every
// default: placeholders give their default text, choices their first option, tab stops and
// the final cursor nothing, variables their value, default or nothing. The grammar and the
// edge cases (what is an escape, when `${` is only text, how same-index placeholders mirror
// one another, how transforms and unknown variables behave) follow VS Code's snippet parser
// so that the expansion is the text VS Code itself would insert.
//
//   any         ::= tabstop | placeholder | choice | variable | text
//   tabstop     ::= '$' int | '${' int '}' | '${' int transform '}'
//   placeholder ::= '${' int ':' any* '}'
//   choice      ::= '${' int '|' option (',' option)* '|}'
//   variable    ::= '$' name | '${' name '}' | '${' name ':' any* '}' | '${' name transform '}'
//   transform   ::= '/' regex '/' (format | text)* '/' options
//   format      ::= '$' int | '${' int '}' | '${' int ':/' shorthand '}'
//                 | '${' int ':+' if '}' | '${' int ':?' if ':' else '}' | '${' int ':-'? else '}'
//
// Pure: no VS Code, no I/O.

/** A piece of a parsed snippet. */
export type SnippetNode = SnippetText | SnippetPlaceholder | SnippetChoice | SnippetVariable;

export interface SnippetText {
  readonly kind: 'text';
  readonly value: string;
}

/** `$1`, `${1}`, `${1:default}`, `${1/re/format/}`: a tab stop is a placeholder without children. */
export interface SnippetPlaceholder {
  readonly kind: 'placeholder';
  readonly index: number;
  readonly children: readonly SnippetNode[];
  readonly transform?: SnippetTransform;
}

/** `${1|one,two|}`: the first option is the default. */
export interface SnippetChoice {
  readonly kind: 'choice';
  readonly index: number;
  readonly options: readonly string[];
}

/** `$NAME`, `${NAME}`, `${NAME:default}`, `${NAME/re/format/}`. */
export interface SnippetVariable {
  readonly kind: 'variable';
  readonly name: string;
  /** The default, when the variable was written `${NAME:default}`. */
  readonly children?: readonly SnippetNode[];
  readonly transform?: SnippetTransform;
}

export interface SnippetTransform {
  readonly regex: RegExp;
  readonly format: readonly FormatPart[];
}

export type FormatPart =
  | { readonly kind: 'text'; readonly value: string }
  | {
      readonly kind: 'group';
      readonly group: number;
      readonly shorthand?: string;
      readonly ifValue?: string;
      readonly elseValue?: string;
    };

/** The variables VS Code resolves itself; any other name is an "unknown variable". */
export const KNOWN_SNIPPET_VARIABLES: ReadonlySet<string> = new Set([
  'CURRENT_YEAR', 'CURRENT_YEAR_SHORT', 'CURRENT_MONTH', 'CURRENT_DATE', 'CURRENT_HOUR',
  'CURRENT_MINUTE', 'CURRENT_SECOND', 'CURRENT_MILLISECOND', 'CURRENT_DAY_NAME',
  'CURRENT_DAY_NAME_SHORT', 'CURRENT_MONTH_NAME', 'CURRENT_MONTH_NAME_SHORT',
  'CURRENT_SECONDS_UNIX', 'CURRENT_MILLISECONDS_UNIX', 'CURRENT_TIMEZONE_OFFSET',
  'CURRENT_TIMEZONE_NAME', 'SELECTION', 'CLIPBOARD', 'TM_SELECTED_TEXT', 'TM_CURRENT_LINE',
  'TM_CURRENT_WORD', 'TM_LINE_INDEX', 'TM_LINE_NUMBER', 'TM_FILENAME', 'TM_FILENAME_BASE',
  'TM_DIRECTORY', 'TM_DIRECTORY_BASE', 'TM_FILEPATH', 'CURSOR_INDEX', 'CURSOR_NUMBER',
  'RELATIVE_FILEPATH', 'REVERSE_RELATIVE_FILEPATH', 'BLOCK_COMMENT_START', 'BLOCK_COMMENT_END',
  'LINE_COMMENT', 'WORKSPACE_NAME', 'WORKSPACE_FOLDER', 'RANDOM', 'RANDOM_HEX', 'UUID',
]);

export interface ExpandOptions {
  /**
   * Values of variables. A variable without a value gives its default, or '' when it is
   * a known variable; an unknown variable without a default gives its own name, as VS Code
   * turns it into a placeholder holding its name.
   */
  readonly variables?: Readonly<Record<string, string>>;
}

/** VS Code joins an array body with '\n'. */
export function snippetBodyText(body: string | readonly string[]): string {
  return typeof body === 'string' ? body : body.join('\n');
}

// ---------------------------------------------------------------------------------------
// Tokens: a snippet is scanned the same way wherever a token stands; meaning comes later.

const enum T {
  Dollar, Colon, Comma, CurlyOpen, CurlyClose, Backslash, Slash, Pipe, Plus, Dash, Question,
  Int, Name, Other, EOF,
}

interface Token {
  readonly type: T;
  readonly text: string;
}

const SINGLE: Readonly<Record<string, T>> = {
  $: T.Dollar, ':': T.Colon, ',': T.Comma, '{': T.CurlyOpen, '}': T.CurlyClose, '\\': T.Backslash,
  '/': T.Slash, '|': T.Pipe, '+': T.Plus, '-': T.Dash, '?': T.Question,
};

const isDigit = (c: string) => c >= '0' && c <= '9';
const isNameStart = (c: string) => c === '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const single = SINGLE[c];
    let j = i + 1;
    let type: T;
    if (single !== undefined) {
      type = single;
    } else if (isDigit(c)) {
      while (j < text.length && isDigit(text[j])) j++;
      type = T.Int;
    } else if (isNameStart(c)) {
      while (j < text.length && (isNameStart(text[j]) || isDigit(text[j]))) j++;
      type = T.Name;
    } else {
      while (j < text.length && SINGLE[text[j]] === undefined && !isDigit(text[j]) && !isNameStart(text[j])) j++;
      type = T.Other;
    }
    tokens.push({ type, text: text.slice(i, j) });
    i = j;
  }
  tokens.push({ type: T.EOF, text: '' });
  return tokens;
}

// ---------------------------------------------------------------------------------------
// Parser: recursive descent with backtracking; anything that is not a well-formed construct
// is text, exactly as typed.

type MutableNode =
  | { kind: 'text'; value: string }
  | { kind: 'placeholder'; index: number; children: MutableNode[]; transform?: SnippetTransform }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children?: MutableNode[]; transform?: SnippetTransform };

class Parser {
  private pos = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): MutableNode[] {
    const out: MutableNode[] = [];
    while (this.parseOne(out)) {
      // keep going
    }
    return out;
  }

  private get token(): Token {
    return this.tokens[this.pos];
  }

  /** Consumes the current token when it is of `type` and returns its text. */
  private accept(type: T): string | undefined {
    const t = this.token;
    if (t.type !== type) return undefined;
    this.pos++;
    return t.text;
  }

  /** Consumes any token but EOF. */
  private acceptAny(): string | undefined {
    const t = this.token;
    if (t.type === T.EOF) return undefined;
    this.pos++;
    return t.text;
  }

  private parseOne(out: MutableNode[]): boolean {
    return (
      this.parseEscaped(out) ||
      this.parseSimpleDollar(out) ||
      this.parseComplexPlaceholder(out) ||
      this.parseComplexVariable(out) ||
      this.parseAnything(out)
    );
  }

  /** `\$`, `\}`, `\\` are that character; any other backslash is itself. */
  private parseEscaped(out: MutableNode[]): boolean {
    if (this.accept(T.Backslash) === undefined) return false;
    const escaped = this.accept(T.Dollar) ?? this.accept(T.CurlyClose) ?? this.accept(T.Backslash) ?? '\\';
    appendText(out, escaped);
    return true;
  }

  /** `$1` (tab stop) or `$NAME` (variable). */
  private parseSimpleDollar(out: MutableNode[]): boolean {
    const start = this.pos;
    if (this.accept(T.Dollar) === undefined) return false;
    const name = this.accept(T.Name);
    if (name !== undefined) {
      out.push({ kind: 'variable', name });
      return true;
    }
    const index = this.accept(T.Int);
    if (index !== undefined) {
      out.push({ kind: 'placeholder', index: Number(index), children: [] });
      return true;
    }
    this.pos = start;
    return false;
  }

  /** `${1}`, `${1:…}`, `${1|a,b|}`, `${1/re/fmt/opts}`. */
  private parseComplexPlaceholder(out: MutableNode[]): boolean {
    const start = this.pos;
    let index: string | undefined;
    if (this.accept(T.Dollar) === undefined || this.accept(T.CurlyOpen) === undefined || (index = this.accept(T.Int)) === undefined) {
      this.pos = start;
      return false;
    }
    const n = Number(index);
    if (this.accept(T.Colon) !== undefined) {
      const children: MutableNode[] = [];
      for (;;) {
        if (this.accept(T.CurlyClose) !== undefined) {
          out.push({ kind: 'placeholder', index: n, children });
          return true;
        }
        if (this.parseOne(children)) continue;
        // Unclosed at the end of the body: what was read stays, as text and pieces.
        appendText(out, '${' + index + ':');
        for (const child of children) appendNode(out, child);
        return true;
      }
    }
    if (n > 0 && this.accept(T.Pipe) !== undefined) {
      const options: string[] = [];
      for (;;) {
        const option = this.parseChoiceOption();
        if (option === undefined) break;
        options.push(option);
        if (this.accept(T.Comma) !== undefined) continue;
        if (this.accept(T.Pipe) !== undefined && this.accept(T.CurlyClose) !== undefined) {
          out.push({ kind: 'choice', index: n, options });
          return true;
        }
        break;
      }
      this.pos = start;
      return false;
    }
    if (this.accept(T.Slash) !== undefined) {
      const transform = this.parseTransform();
      if (transform) {
        out.push({ kind: 'placeholder', index: n, children: [], transform });
        return true;
      }
      this.pos = start;
      return false;
    }
    if (this.accept(T.CurlyClose) !== undefined) {
      out.push({ kind: 'placeholder', index: n, children: [] });
      return true;
    }
    this.pos = start;
    return false;
  }

  /** One option of a choice: `\,`, `\|` and `\\` are escapes there; empty options are not allowed. */
  private parseChoiceOption(): string | undefined {
    const start = this.pos;
    let value = '';
    let any = false;
    while (this.token.type !== T.Comma && this.token.type !== T.Pipe) {
      let piece: string | undefined;
      if (this.accept(T.Backslash) !== undefined) {
        piece = this.accept(T.Comma) ?? this.accept(T.Pipe) ?? this.accept(T.Backslash) ?? '\\';
      } else {
        piece = this.acceptAny();
      }
      if (piece === undefined) {
        this.pos = start;
        return undefined;
      }
      value += piece;
      any = true;
    }
    if (!any) {
      this.pos = start;
      return undefined;
    }
    return value;
  }

  /** `${NAME}`, `${NAME:…}`, `${NAME/re/fmt/opts}`. */
  private parseComplexVariable(out: MutableNode[]): boolean {
    const start = this.pos;
    let name: string | undefined;
    if (this.accept(T.Dollar) === undefined || this.accept(T.CurlyOpen) === undefined || (name = this.accept(T.Name)) === undefined) {
      this.pos = start;
      return false;
    }
    if (this.accept(T.Colon) !== undefined) {
      const children: MutableNode[] = [];
      for (;;) {
        if (this.accept(T.CurlyClose) !== undefined) {
          out.push({ kind: 'variable', name, children });
          return true;
        }
        if (this.parseOne(children)) continue;
        appendText(out, '${' + name + ':');
        for (const child of children) appendNode(out, child);
        return true;
      }
    }
    if (this.accept(T.Slash) !== undefined) {
      const transform = this.parseTransform();
      if (transform) {
        out.push({ kind: 'variable', name, transform });
        return true;
      }
      this.pos = start;
      return false;
    }
    if (this.accept(T.CurlyClose) !== undefined) {
      out.push({ kind: 'variable', name });
      return true;
    }
    this.pos = start;
    return false;
  }

  /** After the first '/': `regex/format/options}`. Undefined when malformed. */
  private parseTransform(): SnippetTransform | undefined {
    let source = '';
    for (;;) {
      if (this.accept(T.Slash) !== undefined) break;
      if (this.accept(T.Backslash) !== undefined) {
        source += this.accept(T.Slash) ?? '\\';
        continue;
      }
      const any = this.acceptAny();
      if (any === undefined) return undefined;
      source += any;
    }
    const format: FormatPart[] = [];
    const pushText = (value: string) => {
      const last = format[format.length - 1];
      if (last && last.kind === 'text') format[format.length - 1] = { kind: 'text', value: last.value + value };
      else format.push({ kind: 'text', value });
    };
    for (;;) {
      if (this.accept(T.Slash) !== undefined) break;
      if (this.accept(T.Backslash) !== undefined) {
        pushText(this.accept(T.Backslash) ?? this.accept(T.Slash) ?? '\\');
        continue;
      }
      const part = this.parseFormatPart();
      if (part) {
        format.push(part);
        continue;
      }
      const any = this.acceptAny();
      if (any === undefined) return undefined;
      pushText(any);
    }
    let flags = '';
    for (;;) {
      if (this.accept(T.CurlyClose) !== undefined) break;
      const any = this.acceptAny();
      if (any === undefined) return undefined;
      flags += any;
    }
    try {
      return { regex: new RegExp(source, flags), format };
    } catch {
      return undefined;
    }
  }

  private parseFormatPart(): FormatPart | undefined {
    const start = this.pos;
    if (this.accept(T.Dollar) === undefined) return undefined;
    const complex = this.accept(T.CurlyOpen) !== undefined;
    const index = this.accept(T.Int);
    const fail = () => {
      this.pos = start;
      return undefined;
    };
    if (index === undefined) return fail();
    const group = Number(index);
    if (!complex) return { kind: 'group', group };
    if (this.accept(T.CurlyClose) !== undefined) return { kind: 'group', group };
    if (this.accept(T.Colon) === undefined) return fail();
    if (this.accept(T.Slash) !== undefined) {
      const shorthand = this.accept(T.Name);
      if (shorthand === undefined || this.accept(T.CurlyClose) === undefined) return fail();
      return { kind: 'group', group, shorthand };
    }
    if (this.accept(T.Plus) !== undefined) {
      const ifValue = this.until(T.CurlyClose);
      return ifValue ? { kind: 'group', group, ifValue } : fail();
    }
    if (this.accept(T.Dash) !== undefined) {
      const elseValue = this.until(T.CurlyClose);
      return elseValue ? { kind: 'group', group, elseValue } : fail();
    }
    if (this.accept(T.Question) !== undefined) {
      const ifValue = this.until(T.Colon);
      const elseValue = ifValue ? this.until(T.CurlyClose) : undefined;
      return ifValue && elseValue ? { kind: 'group', group, ifValue, elseValue } : fail();
    }
    const elseValue = this.until(T.CurlyClose);
    return elseValue ? { kind: 'group', group, elseValue } : fail();
  }

  /** Text up to a token of `type` (consumed), with `\$`, `\}`, `\\` unescaped; '' on failure. */
  private until(type: T): string {
    let value = '';
    while (this.token.type !== type) {
      if (this.token.type === T.EOF) return '';
      if (this.token.type === T.Backslash) {
        const next = this.tokens[this.pos + 1];
        if (next.type !== T.Dollar && next.type !== T.CurlyClose && next.type !== T.Backslash) return '';
        this.pos++;
      }
      value += this.token.text;
      this.pos++;
    }
    this.pos++;
    return value;
  }

  private parseAnything(out: MutableNode[]): boolean {
    const text = this.acceptAny();
    if (text === undefined) return false;
    appendText(out, text);
    return true;
  }
}

function appendText(out: MutableNode[], value: string): void {
  const last = out[out.length - 1];
  if (last && last.kind === 'text') last.value += value;
  else out.push({ kind: 'text', value });
}

function appendNode(out: MutableNode[], node: MutableNode): void {
  if (node.kind === 'text') appendText(out, node.value);
  else out.push(node);
}

/** Parses a snippet body into its pieces. */
export function parseSnippet(body: string | readonly string[]): SnippetNode[] {
  return new Parser(tokenize(snippetBodyText(body))).parseAll();
}

// ---------------------------------------------------------------------------------------
// Expansion.

/** Visits every node, parents before children, in document order. */
function walk(nodes: readonly SnippetNode[], visit: (node: SnippetNode) => void): void {
  for (const node of nodes) {
    visit(node);
    if ((node.kind === 'placeholder' || node.kind === 'variable') && node.children) walk(node.children, visit);
  }
}

function applyTransform(transform: SnippetTransform, value: string): string {
  let matched = false;
  const format = (groups: readonly (string | undefined)[]) =>
    transform.format.map((part) => (part.kind === 'text' ? part.value : formatGroup(part, groups[part.group] ?? ''))).join('');
  let result = value.replace(transform.regex, (...args: unknown[]) => {
    matched = true;
    // replace() passes the match, the groups, then the offset (the first number) and the
    // whole string: keep the match and the numbered groups.
    const offsetAt = args.findIndex((a, i) => i > 0 && typeof a === 'number');
    return format(args.slice(0, offsetAt) as (string | undefined)[]);
  });
  if (!matched && transform.format.some((p) => p.kind === 'group' && p.elseValue !== undefined)) result = format([]);
  return result;
}

function formatGroup(part: Extract<FormatPart, { kind: 'group' }>, value: string): string {
  switch (part.shorthand) {
    case 'upcase':
      return value.toLocaleUpperCase();
    case 'downcase':
      return value.toLocaleLowerCase();
    case 'capitalize':
      return value ? value[0].toLocaleUpperCase() + value.slice(1) : '';
    case 'pascalcase':
    case 'camelcase': {
      const words = value.match(/[a-z0-9]+/gi);
      if (!words) return value;
      return words
        .map((w, i) => (part.shorthand === 'camelcase' && i === 0 ? w[0].toLowerCase() : w[0].toUpperCase()) + w.slice(1))
        .join('');
    }
  }
  if (value && part.ifValue !== undefined) return part.ifValue;
  if (!value && part.elseValue !== undefined) return part.elseValue;
  return value;
}

/**
 * The text inserted when every default is accepted: `${1:default}` → default (mirrored by
 * every `$1`), `${1|a,b|}` → a, `$1`/`${1}`/`$0` → '', transforms applied to their
 * placeholder's value, variables → their value, default, '' (known) or name (unknown).
 */
export function expandSnippet(body: string | readonly string[], options: ExpandOptions = {}): string {
  const nodes = parseSnippet(body);
  const variables = options.variables ?? {};

  // The first placeholder of an index that has content defines the value of all of them;
  // the final tab stop $0 mirrors nothing.
  const definitions = new Map<number, SnippetPlaceholder | SnippetChoice>();
  walk(nodes, (node) => {
    if (node.kind !== 'choice' && node.kind !== 'placeholder') return;
    if (node.index === 0 || definitions.has(node.index)) return;
    if (node.kind === 'choice' || node.children.length > 0) definitions.set(node.index, node);
  });

  const render = (list: readonly SnippetNode[], active: ReadonlySet<number>): string =>
    list.map((node) => renderNode(node, active)).join('');

  const valueOf = (index: number, active: ReadonlySet<number>): string => {
    const definition = definitions.get(index);
    if (!definition || active.has(index)) return '';
    return definition.kind === 'choice' ? definition.options[0] : render(definition.children, new Set(active).add(index));
  };

  const renderNode = (node: SnippetNode, active: ReadonlySet<number>): string => {
    switch (node.kind) {
      case 'text':
        return node.value;
      case 'choice':
        return valueOf(node.index, active);
      case 'placeholder': {
        let value: string;
        if (node.index === 0) value = render(node.children, active);
        else if (definitions.get(node.index) === node) value = render(node.children, new Set(active).add(node.index));
        else value = valueOf(node.index, active);
        return node.transform ? applyTransform(node.transform, value) : value;
      }
      case 'variable': {
        let value: string;
        const given = variables[node.name];
        if (given !== undefined) value = given;
        else if (node.children && node.children.length > 0) value = render(node.children, active);
        else value = KNOWN_SNIPPET_VARIABLES.has(node.name) ? '' : node.name;
        return node.transform ? applyTransform(node.transform, value) : value;
      }
    }
  };

  return render(nodes, new Set());
}

/** The names of all variables a snippet uses, in order of first use. */
export function snippetVariableNames(body: string | readonly string[]): string[] {
  const names: string[] = [];
  walk(parseSnippet(body), (node) => {
    if (node.kind === 'variable' && !names.includes(node.name)) names.push(node.name);
  });
  return names;
}
