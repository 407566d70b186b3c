// What is under the cursor in a QEMU command line written in a shell script or a markdown code
// block: an option (`-device`, `--device`, `-M`), the device / backend / machine named by an
// option's argument (`vfio-pci` in `-device vfio-pci,host=01:00.0`, `user` in `-netdev
// user,id=n0`), one of the argument's properties, or the argument of a plain option.
//
// It reacts only to QEMU command lines: the command (joined across `\` line continuations) must
// name qemu-system-* or qemu-kvm, or be a run of continuation lines whose first visible line
// starts with an option word such as `-m`, indented or not (the options of a command whose head
// lies outside the text, as in QEMU's own documentation).
// So `ls -l` in the same script gets nothing. The work is bounded: at most MAX_LINES lines and
// MAX_COMMAND characters around the cursor are examined, whatever the input.

const MAX_LINES = 400;
const MAX_COMMAND = 100_000;

export type QemuTokenKind = 'option' | 'type' | 'property' | 'argument';

export interface QemuToken {
  /**
   * 'option': an option name. 'type': the driver, backend, machine or accelerator an argument
   * names. 'property': a key of a `key=value` list. 'argument': (part of) the argument of an
   * option whose argument names no type (`4G` in `-m 4G`).
   */
  kind: QemuTokenKind;
  /** The option, with one dash (`--device` → `-device`); for the other kinds, the option whose argument it is in. */
  option: string;
  /** The hovered text: the option as written, the type name, the property key or the argument word. */
  text: string;
  /**
   * 'type': the option whose names the type belongs to; usually `option`, but `-device` for
   * `model=` in `-nic`/`-net` and `-accel` for `accel=` in `-machine`.
   */
  typeOption?: string;
  /** 'property': the type named by the same argument (`vfio-pci` in `-device vfio-pci,host=…`), if any. */
  type?: string;
  /** Range of the hovered text in the input; for a property hovered on its value, the whole `key=value`. */
  start: number;
  end: number;
}

/** How each option's argument names its type: positionally first, or by one of these keys. */
const TYPED_OPTIONS: Record<string, readonly string[]> = {
  '-device': ['driver'],
  '-netdev': ['type'],
  '-nic': ['type'],
  '-net': ['type'],
  '-object': ['qom-type'],
  '-chardev': ['backend'],
  '-tpmdev': ['type'],
  '-fsdev': ['fsdriver'],
  '-virtfs': ['fsdriver'],
  '-audiodev': ['driver'],
  '-audio': ['driver'],
  '-machine': ['type'],
  '-M': ['type'],
  '-accel': ['accel'],
  '-blockdev': ['driver'],
  '-display': [],
  '-vga': [],
};

/** Keys whose value names something from another option's namespace. */
const CROSS_KEYS: Record<string, Record<string, string>> = {
  '-nic': { model: '-device' },
  '-net': { model: '-device' },
  '-machine': { accel: '-accel' },
  '-M': { accel: '-accel' },
};

/** Options that take no argument: the word after one of them is not its argument. */
const NO_ARGUMENT = new Set([
  '-h',
  '-help',
  '-version',
  '-enable-kvm',
  '-singlestep',
  '-nographic',
  '-snapshot',
  '-S',
  '-s',
  '-daemonize',
  '-no-reboot',
  '-no-shutdown',
  '-usb',
  '-mem-prealloc',
  '-nodefaults',
  '-no-user-config',
  '-only-migratable',
  '-full-screen',
  '-no-acpi',
  '-no-hpet',
  '-no-fd-bootchk',
  '-win2k-hack',
  '-preconfig',
  '-audio-help',
  '-portrait',
  '-semihosting',
  '-old-param',
  '-xen-attach',
  '-xen-domid-restrict',
  '-enable-sync-profile',
  '-perfmap',
  '-jitdump',
  '-async-teardown',
]);

const OPTION_RE = /^--?[A-Za-z][A-Za-z0-9_.-]*$/;
const QEMU_RE = /qemu-system-|qemu-kvm/;
/** A first line that starts with an option word (`-m 2G \`, `  -device …`), not a bullet (`- item`). */
const HEADLESS_RE = /^[ \t]*--?[A-Za-z][A-Za-z0-9_.-]*(?=[ \t\\\r]|$)/;

/** `--device` → `-device`; other spellings unchanged. */
export function normalizeOption(word: string): string {
  return word.startsWith('--') ? word.slice(1) : word;
}

/** A shell word of a command line. */
export interface ShellWord {
  start: number;
  end: number;
  /** The word's characters after quote removal, each with its offset in the input. */
  chars: string;
  offsets: number[];
  quoted: boolean;
}
type Word = ShellWord;

/** A command separator (`;`, `&`, `|`) at offset `at`. */
export interface Separator {
  separator: true;
  at: number;
}

export type Piece = Word | Separator;

export const isWord = (p: Piece | undefined): p is Word => p !== undefined && !('separator' in p);

/** The QEMU token at `offset` in `text` (a line, or a window of lines around the cursor). */
export function qemuTokenAt(text: string, offset: number): QemuToken | undefined {
  if (typeof text !== 'string' || !Number.isInteger(offset) || offset < 0 || offset > text.length) return undefined;
  const span = commandSpan(text, offset);
  const pieces = split(text, span.start, span.end);

  // The command (between shell separators) that holds the cursor.
  const group = wordGroupAt(pieces, offset);
  if (!group) return undefined;
  const { first } = group;
  const words = group.words as Word[];
  const index = group.index;

  const isQemu = words.some((w) => QEMU_RE.test(w.chars));
  const headless = first === 0 && span.headless;
  if (!isQemu && !headless) return undefined;

  const word = words[index];
  if (QEMU_RE.test(word.chars)) return undefined; // the program itself
  if (!word.quoted && OPTION_RE.test(word.chars)) {
    return { kind: 'option', option: normalizeOption(word.chars), text: word.chars, start: word.start, end: word.end };
  }
  const prev = index > 0 ? words[index - 1] : undefined;
  if (!prev || prev.quoted || !OPTION_RE.test(prev.chars)) return undefined;
  const option = normalizeOption(prev.chars);
  if (NO_ARGUMENT.has(option)) return undefined;
  return argumentToken(option, word, offset);
}

/**
 * The logical command line around the cursor: the cursor's line joined with the lines before
 * and after it that `\` continues, never reaching further than MAX_COMMAND characters from the
 * cursor (a longer line is cut there, and a line that would cross that limit is not joined).
 * `headless`: the first line found is itself options (starts, after optional indentation, with
 * an option word such as `-m`; a Markdown bullet `- item` is not one) and the command spans more
 * than one line, so its head is outside the text.
 */
export function commandSpan(text: string, offset: number): { start: number; end: number; headless: boolean } {
  const lo = Math.max(0, offset - MAX_COMMAND);
  const hi = Math.min(text.length, offset + MAX_COMMAND);
  let start = text.lastIndexOf('\n', offset - 1) + 1;
  const cutStart = start < lo;
  if (cutStart) start = lo;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  const cutEnd = end > hi;
  if (cutEnd) end = hi;
  let lines = 1;
  // Backwards while the previous line ends with a backslash.
  while (!cutStart && start > 0 && lines < MAX_LINES) {
    const prevEnd = start - 1; // the '\n'
    const prevStart = lineStartOf(text, prevEnd);
    if (prevStart < lo || !continues(text, prevStart, prevEnd)) break;
    start = prevStart;
    lines++;
  }
  // Forwards while the current last line ends with a backslash.
  while (!cutEnd && end < text.length && lines < MAX_LINES && continues(text, lineStartOf(text, end), end)) {
    let next = text.indexOf('\n', end + 1);
    if (next < 0) next = text.length;
    if (next > hi) break;
    end = next;
    lines++;
  }
  const firstLine = text.slice(start, Math.min(end, start + 200));
  const nl = firstLine.indexOf('\n');
  const headless = !cutStart && lines > 1 && HEADLESS_RE.test(nl < 0 ? firstLine : firstLine.slice(0, nl));
  return { start, end, headless };
}

function lineStartOf(text: string, lineEnd: number): number {
  return text.lastIndexOf('\n', lineEnd - 1) + 1;
}

/** Does the line [start, end) end with a continuation backslash (ignoring trailing blanks and \r)? */
function continues(text: string, start: number, end: number): boolean {
  let k = end - 1;
  while (k >= start && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r')) k--;
  if (k < start || text[k] !== '\\') return false;
  // An even run of backslashes is an escaped backslash, not a continuation.
  let run = 0;
  while (k >= start && text[k] === '\\') {
    run++;
    k--;
  }
  return run % 2 === 1;
}

/** Splits [start, end) into shell words and command separators (`;`, `&`, `|`, `&&`, `||`). */
/**
 * The run of words (between shell separators) holding the word at `offset`, or ending just
 * before it: the command the cursor is in. `first` is its index in `pieces`, `index` the
 * cursor word's index in `words`. Shared by the QEMU and the other tools' hovers.
 */
export function wordGroupAt(
  pieces: readonly Piece[],
  offset: number,
): { first: number; words: Piece[]; index: number } | undefined {
  let at = -1;
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (isWord(p) && p.start <= offset && offset < p.end) at = k;
  }
  if (at < 0) {
    for (let k = 0; k < pieces.length; k++) {
      const p = pieces[k];
      if (isWord(p) && p.end === offset) at = k;
    }
  }
  if (at < 0) return undefined;
  let first = at;
  while (first > 0 && isWord(pieces[first - 1])) first--;
  let last = at;
  while (last + 1 < pieces.length && isWord(pieces[last + 1])) last++;
  return { first, words: pieces.slice(first, last + 1), index: at - first };
}

export function split(text: string, start: number, end: number): Piece[] {
  const pieces: Piece[] = [];
  let word: Word | undefined;
  const flush = (at: number): void => {
    if (word) {
      word.end = at;
      pieces.push(word);
      word = undefined;
    }
  };
  const add = (ch: string, pos: number, quoted = false): void => {
    if (!word) word = { start: pos, end: pos, chars: '', offsets: [], quoted: false };
    word.chars += ch;
    word.offsets.push(pos);
    if (quoted) word.quoted = true;
  };
  let k = start;
  while (k < end) {
    const c = text[k];
    if (c === '\\') {
      if (k + 1 < end && (text[k + 1] === '\n' || (text[k + 1] === '\r' && text[k + 2] === '\n'))) {
        flush(k);
        k += text[k + 1] === '\r' ? 3 : 2;
        continue;
      }
      if (k + 1 < end) {
        if (!word) word = { start: k, end: k, chars: '', offsets: [], quoted: false };
        add(text[k + 1], k + 1);
        k += 2;
      } else k++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      flush(k);
      k++;
      continue;
    }
    if (c === ';' || c === '&' || c === '|') {
      flush(k);
      pieces.push({ separator: true, at: k });
      k++;
      continue;
    }
    if (c === '#' && !word) {
      // A comment runs to the end of the line.
      const nl = text.indexOf('\n', k);
      k = nl < 0 || nl > end ? end : nl;
      continue;
    }
    if (c === "'" || c === '"') {
      if (!word) word = { start: k, end: k, chars: '', offsets: [], quoted: false };
      word.quoted = true;
      let q = k + 1;
      while (q < end && text[q] !== c) {
        if (c === '"' && text[q] === '\\' && q + 1 < end && '"\\$`'.includes(text[q + 1])) q++;
        add(text[q], q, true);
        q++;
      }
      k = q < end ? q + 1 : end;
      continue;
    }
    add(c, k);
    k++;
  }
  flush(end);
  return pieces;
}

/** One `key=value` (or bare `key`) of a comma-separated option argument. */
export interface QemuItem {
  key: string;
  keyStart: number;
  keyEnd: number;
  value?: string;
  valueStart?: number;
  valueEnd?: number;
  /** Index of the item in the comma list. */
  index: number;
}

/** Parses a `key=value,key=value` argument; `,,` is a literal comma. */
export function argumentItems(word: ShellWord): QemuItem[] {
  const out: QemuItem[] = [];
  const { chars, offsets } = word;
  // Past the last character: right after it, which inside quotes is before the closing quote.
  const at = (i: number): number =>
    i < offsets.length ? offsets[i] : offsets.length ? offsets[offsets.length - 1] + 1 : word.end;
  let i = 0;
  while (i <= chars.length) {
    let j = i;
    let text = '';
    while (j < chars.length) {
      if (chars[j] === ',') {
        if (chars[j + 1] === ',') {
          text += ',';
          j += 2;
          continue;
        }
        break;
      }
      text += chars[j];
      j++;
    }
    const eq = text.indexOf('=');
    const itemEnd = j > i ? offsets[j - 1] + 1 : at(i);
    if (eq < 0) {
      out.push({ key: text, keyStart: at(i), keyEnd: itemEnd, index: out.length });
    } else {
      // Map the '=' back to a character index; commas before it were not doubled in practice.
      const eqIndex = indexInChars(chars, i, eq);
      out.push({
        key: text.slice(0, eq),
        keyStart: at(i),
        keyEnd: at(eqIndex),
        value: text.slice(eq + 1),
        valueStart: at(eqIndex + 1),
        valueEnd: itemEnd,
        index: out.length,
      });
    }
    if (j >= chars.length) break;
    i = j + 1;
  }
  return out;
}

/** The index in `chars` of the n-th character of the item that starts at `from`, counting ',,' as one. */
function indexInChars(chars: string, from: number, n: number): number {
  let i = from;
  let count = 0;
  while (i < chars.length && count < n) {
    i += chars[i] === ',' && chars[i + 1] === ',' ? 2 : 1;
    count++;
  }
  return i;
}

function argumentToken(option: string, word: Word, offset: number): QemuToken {
  const whole: QemuToken = { kind: 'argument', option, text: word.chars, start: word.start, end: word.end };
  const typeKeys = TYPED_OPTIONS[option];
  if (!typeKeys) return whole;
  const list = argumentItems(word);
  if (list.length === 0) return whole;

  const typeItem = list.find((it) => it.index === 0 && it.value === undefined && it.key !== '') ?? undefined;
  const keyed = list.find((it) => it.value !== undefined && typeKeys.includes(it.key));
  const typeName = typeItem?.key ?? keyed?.value;

  const inside = (s: number | undefined, e: number | undefined): boolean =>
    s !== undefined && e !== undefined && s <= offset && (offset < e || (offset === e && e > s));
  for (const it of list) {
    if (it === typeItem && inside(it.keyStart, it.keyEnd)) {
      return { kind: 'type', option, typeOption: option, text: it.key, start: it.keyStart, end: it.keyEnd };
    }
    if (it.value !== undefined && inside(it.valueStart, it.valueEnd)) {
      if (it === keyed) {
        return {
          kind: 'type',
          option,
          typeOption: option,
          text: it.value,
          start: it.valueStart as number,
          end: it.valueEnd as number,
        };
      }
      const cross = CROSS_KEYS[option]?.[it.key];
      if (cross) {
        // `accel=kvm:tcg` lists several; find the one under the cursor.
        let s = it.valueStart as number;
        for (const part of it.value.split(':')) {
          const e = Math.min(s + part.length, it.valueEnd as number);
          if (s <= offset && offset <= e && part.length > 0) {
            return { kind: 'type', option, typeOption: cross, text: part, start: s, end: e };
          }
          s = e + 1;
        }
      }
    }
    if (inside(it.keyStart, it.value !== undefined ? it.valueEnd : it.keyEnd)) {
      // On the value, the range takes in the whole item so that it holds the cursor.
      const onValue = it.valueEnd !== undefined && offset > it.keyEnd;
      const token: QemuToken = {
        kind: 'property',
        option,
        text: it.key,
        start: it.keyStart,
        end: onValue ? (it.valueEnd as number) : it.keyEnd,
      };
      if (typeName) token.type = typeName;
      return token;
    }
  }
  return whole;
}

// ── whole commands (QEMU completion and checks, src/core/qemu) ─────────────────────────────────

/** A `qemu-system-*` command line: its program word and the words after it. */
export interface QemuCommand {
  /** The program as written, without directories (`qemu-system-x86_64`). */
  program: string;
  /** The words after the program, up to the next shell separator or the end of the command. */
  words: ShellWord[];
  /** Offsets of the command in the input: from the program word to the end of the last word. */
  start: number;
  end: number;
}

/**
 * The QEMU command line (its head must name qemu-system-* or qemu-kvm, within the same bounded
 * window as hovers use) whose words hold or border `offset`, or whose last word precedes it
 * on the same command (the cursor in the blank after `-machine `). `index`: the word at the
 * cursor (its start ≤ offset ≤ its end), or -1 in a blank, with `before` the number of words
 * before the cursor.
 */
export function qemuCommandAt(
  text: string,
  offset: number,
): { command: QemuCommand; index: number; before: number } | undefined {
  if (typeof text !== 'string' || !Number.isInteger(offset) || offset < 0 || offset > text.length) return undefined;
  const span = commandSpan(text, offset);
  const pieces = split(text, span.start, span.end);
  // The command group the cursor is in: after the last separator before it.
  let first = 0;
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (!isWord(p) && p.at < offset) first = k + 1;
  }
  let last = first;
  while (last < pieces.length && isWord(pieces[last])) last++;
  const group = pieces.slice(first, last) as Word[];
  const head = group.findIndex((w) => QEMU_RE.test(w.chars));
  if (head < 0 || group[head].end > offset) return undefined;
  const command = toCommand(group, head);
  const index = command.words.findIndex((w) => w.start <= offset && offset <= w.end);
  const before = command.words.filter((w) => w.end < offset || (w.end === offset && index < 0)).length;
  return { command, index, before };
}

/**
 * Every QEMU command line in `text`, at most `limit` of them, each found as qemuCommandAt finds
 * the one at a cursor (so bounded in the same way).
 */
export function qemuCommands(text: string, limit = 500): QemuCommand[] {
  const out: QemuCommand[] = [];
  if (typeof text !== 'string') return out;
  const re = /qemu-system-|qemu-kvm/g;
  let m: RegExpExecArray | null;
  while (out.length < limit && (m = re.exec(text))) {
    const span = commandSpan(text, m.index);
    const pieces = split(text, span.start, span.end);
    let group: Word[] = [];
    let found: QemuCommand | undefined;
    for (const p of [...pieces, undefined]) {
      if (isWord(p)) {
        group.push(p);
        continue;
      }
      const head = group.findIndex((w) => w.start <= m!.index && m!.index < w.end);
      if (head >= 0) found = toCommand(group, head);
      if (found) break;
      group = [];
    }
    if (found) {
      out.push(found);
      re.lastIndex = Math.max(re.lastIndex, found.end);
    }
  }
  return out;
}

function toCommand(group: Word[], head: number): QemuCommand {
  const program = group[head].chars.replace(/^.*\//, '');
  const words = group.slice(head + 1);
  return {
    program,
    words,
    start: group[head].start,
    end: words.length ? words[words.length - 1].end : group[head].end,
  };
}
