// What is under the cursor in a command line of one of the tools around QEMU and libvirt
// (qemu-img, qemu-nbd, virsh, virt-install, virt-xml, virt-clone, swtpm, virtiofsd), written in a
// shell script, a Markdown code block or plain text: the tool's name, its subcommand
// (`convert` in `qemu-img convert`), an option (`-O`, `--all`), or a key of an option's
// `key=value,…` argument (`cluster_size` in `qemu-img create -o cluster_size=64k`).
//
// The command is found as the QEMU hovers find theirs (qemuContext.ts: the cursor's line joined
// across `\` continuations, split into shell words, bounded to a window around the cursor), and
// counts only when the tool is the command itself: the first word, after `sudo`/`env`-style
// wrappers, `VAR=value` assignments and a shell prompt (`$ `, `# `, `user@host:~$ `,
// `virsh # `), or the first word of an inline code span (`` `virsh list --all` ``). So
// `echo virsh list` or `grep -c qemu-img` give no subcommand or option; a tool's name on its own
// (`apt install swtpm`, prose) still explains the tool.

import type { ToolEntryKind, ToolName } from './types';
import { TOOL_NAMES } from './types';
import { argumentItems, commandSpan, split, wordGroupAt, type ShellWord } from './qemuContext';

export interface ToolToken {
  tool: ToolName;
  kind: ToolEntryKind;
  /** The hovered name: the tool, the subcommand, the option (without `=value`) or the key. */
  text: string;
  /** The subcommand the cursor is in (`convert`), when the tool has one and it comes before the cursor. */
  subcommand?: string;
  /** For a key: the option whose argument holds it (`-o`). */
  option?: string;
  /** Range of the hovered text in the input; for a key hovered on its value, the whole `key=value`. */
  start: number;
  end: number;
}

/** How a tool's command line is laid out. */
interface Grammar {
  /** The first word that is not an option (or an option's argument) names a subcommand. */
  subcommands: boolean;
  /** Options before the subcommand that take the next word as their argument. */
  globalWithArgument: readonly string[];
  /** Options whose argument is a `key=value,…` list whose keys hover. */
  keyOptions: readonly string[];
}

const GRAMMAR: Record<ToolName, Grammar> = {
  'qemu-img': { subcommands: true, globalWithArgument: ['-T', '--trace'], keyOptions: ['-o'] },
  'qemu-nbd': { subcommands: false, globalWithArgument: [], keyOptions: [] },
  virsh: {
    subcommands: true,
    globalWithArgument: [
      '-c',
      '--connect',
      '-d',
      '--debug',
      '-e',
      '--escape',
      '-k',
      '--keepalive-interval',
      '-K',
      '--keepalive-count',
      '-l',
      '--log',
    ],
    keyOptions: [],
  },
  'virt-install': { subcommands: false, globalWithArgument: [], keyOptions: [] },
  'virt-xml': { subcommands: false, globalWithArgument: [], keyOptions: [] },
  'virt-clone': { subcommands: false, globalWithArgument: [], keyOptions: [] },
  swtpm: { subcommands: true, globalWithArgument: [], keyOptions: [] },
  virtiofsd: { subcommands: false, globalWithArgument: [], keyOptions: ['-o'] },
};

const TOOLS = new Set<string>(TOOL_NAMES);
/** Commands that run the command after them (their own options, `-x`, are skipped too). */
const WRAPPERS = new Set(['sudo', 'doas', 'env', 'time', 'nice', 'nohup', 'exec', 'command', 'ionice', 'stdbuf']);
/** Wrapper options that take the next word as their argument (`sudo -u qemu`). */
const WRAPPER_ARGUMENT = new Set(['-u', '-g', '-n', '-c', '-C', '-h', '-p', '-D', '-U', '-o', '-i', '-e']);
const ASSIGNMENT_RE = /^[A-Za-z_][A-Za-z0-9_]*=/;
const OPTION_RE = /^--?[A-Za-z0-9][A-Za-z0-9_.-]*(=|$)/;
const SUBCOMMAND_RE = /^[a-z][a-z0-9-]*$/;
/**
 * A shell prompt at the start of the command's first line: `$ `, `# `, `% `, `> `,
 * `user@host:~$ `, `[root@host ~]# `, or virsh's own `virsh # ` (which makes virsh the command).
 */
const PROMPT_RE =
  /^[ \t]*(?:(virsh) ?#|\[[^\]\n]{1,80}\][#$]|[\w.-]{1,64}@[\w.-]{1,64}(?::[^\s#$]{0,200})?[#$]|[$#%>])[ \t]+/;

/** The tool token at `offset` in `text` (a line, or a window of lines around the cursor). */
export function toolTokenAt(text: string, offset: number): ToolToken | undefined {
  if (typeof text !== 'string' || !Number.isInteger(offset) || offset < 0 || offset > text.length) return undefined;
  const span = commandSpan(text, offset);
  let start = span.start;
  let promptTool: ToolName | undefined;
  const prompt = PROMPT_RE.exec(text.slice(start, Math.min(span.end, start + 400)));
  if (prompt) {
    start += prompt[0].length;
    if (prompt[1]) promptTool = 'virsh';
    if (offset < start) return undefined;
  }
  const pieces = split(text, start, span.end);

  const group = wordGroupAt(pieces, offset);
  if (!group) return undefined;
  const { first } = group;
  let words = group.words as ShellWord[];
  let index = group.index;

  // The command: the group's first word (past wrappers), or an inline code span's first word.
  let head = first === 0 && promptTool ? -1 : headOf(words);
  let tool: ToolName | undefined =
    first === 0 && promptTool ? promptTool : head >= 0 ? toolName(words[head]) : undefined;
  if (!tool) {
    const code = inlineCode(words, index);
    if (code) {
      ({ words, index, head } = code);
      tool = toolName(words[head]);
    }
  }
  if (!tool) return nameOnly(words[index], offset);
  if (index < head) return undefined;
  if (index === head) return commandToken(tool, words[head]);
  return tokenAfterHead(tool, words, head, index, offset);
}

/** Index of the command word in a group of words: after wrappers, their options and assignments. */
function headOf(words: readonly ShellWord[]): number {
  let i = 0;
  let wrapped = false;
  while (i < words.length) {
    const w = words[i].chars;
    if (ASSIGNMENT_RE.test(w) && !words[i].chars.startsWith('-')) i++;
    else if (WRAPPERS.has(w)) {
      wrapped = true;
      i++;
    } else if (wrapped && w.startsWith('-')) i += WRAPPER_ARGUMENT.has(w) ? 2 : 1;
    else break;
  }
  return i < words.length && toolName(words[i]) ? i : -1;
}

/** The tool a word names: the word itself or a path to it (`/usr/bin/qemu-img`). */
function toolName(word: ShellWord): ToolName | undefined {
  const name = word.chars.slice(word.chars.lastIndexOf('/') + 1);
  return TOOLS.has(name) ? (name as ToolName) : undefined;
}

/**
 * In prose, a command written as inline code (`` `qemu-img info disk.img` ``): the words from
 * the one that opens the span with a tool's name to the one that closes it, backticks removed.
 */
function inlineCode(
  words: readonly ShellWord[],
  index: number,
): { words: ShellWord[]; index: number; head: number } | undefined {
  for (let k = index; k >= 0; k--) {
    const w = words[k];
    if (k < index && w.chars.endsWith('`')) return undefined; // a span closed before the cursor
    if (!w.chars.startsWith('`')) continue;
    const opened = trim(w, 1, 0);
    if (!opened || !toolName(stripEnd(opened))) return undefined;
    const out: ShellWord[] = [];
    for (let j = k; j < words.length; j++) {
      let word = j === k ? opened : words[j];
      const closes = word.chars.endsWith('`');
      if (closes) word = trim(word, 0, 1) ?? word;
      out.push(word);
      if (closes) break;
    }
    if (index - k >= out.length) return undefined; // the cursor is after the span
    return { words: out, index: index - k, head: 0 };
  }
  return undefined;
}

/** A copy of `word` without `from` characters at its start and `to` at its end. */
function trim(word: ShellWord, from: number, to: number): ShellWord | undefined {
  const n = word.chars.length - from - to;
  if (n <= 0) return undefined;
  const offsets = word.offsets.slice(from, from + n);
  return {
    chars: word.chars.slice(from, from + n),
    offsets,
    start: offsets[0],
    end: offsets[n - 1] + 1,
    quoted: word.quoted,
  };
}

/** Prose punctuation after a name (`virsh,` `swtpm.` `qemu-img)`), removed. */
function stripEnd(word: ShellWord): ShellWord {
  const m = /[`'",.;:!?)\]]+$/.exec(word.chars);
  return (m && trim(word, 0, m[0].length)) || word;
}

function commandToken(tool: ToolName, word: ShellWord): ToolToken {
  return { tool, kind: 'command', text: tool, start: word.start, end: word.end };
}

/** A tool's name anywhere else (prose, `apt install swtpm`): the tool alone, nothing after it. */
function nameOnly(word: ShellWord, offset: number): ToolToken | undefined {
  let w: ShellWord | undefined = word;
  const lead = /^[`'"([]+/.exec(w.chars);
  if (lead) w = trim(w, lead[0].length, 0);
  if (!w) return undefined;
  w = stripEnd(w);
  if (offset < w.start || offset > w.end || w.chars.includes('/')) return undefined;
  const tool = toolName(w);
  return tool ? commandToken(tool, w) : undefined;
}

function tokenAfterHead(
  tool: ToolName,
  words: readonly ShellWord[],
  head: number,
  index: number,
  offset: number,
): ToolToken | undefined {
  const grammar = GRAMMAR[tool];
  let subcommand: string | undefined;
  let skip = false;
  for (let i = head + 1; i < index; i++) {
    const w = words[i];
    if (skip) {
      skip = false;
      continue;
    }
    if (!w.quoted && OPTION_RE.test(w.chars)) {
      if (grammar.subcommands && subcommand === undefined && !w.chars.includes('='))
        skip = grammar.globalWithArgument.includes(w.chars);
      continue;
    }
    if (grammar.subcommands && subcommand === undefined) {
      if (!SUBCOMMAND_RE.test(w.chars)) return undefined; // not a command line of this tool after all
      subcommand = w.chars;
    }
  }
  const word = words[index];
  const base = { tool, ...(subcommand !== undefined ? { subcommand } : {}) };
  if (!word.quoted && OPTION_RE.test(word.chars)) {
    const eq = word.chars.indexOf('=');
    const name = eq < 0 ? word.chars : word.chars.slice(0, eq);
    const nameEnd = eq < 0 ? word.end : word.offsets[eq];
    if (offset <= nameEnd) return { ...base, kind: 'option', text: name, start: word.start, end: nameEnd };
    if (!grammar.keyOptions.includes(name)) return undefined;
    const value = trim(word, eq + 1, 0);
    return value ? keyToken(base, name, value, offset) : undefined;
  }
  if (grammar.subcommands && subcommand === undefined && !skip) {
    return SUBCOMMAND_RE.test(word.chars)
      ? { ...base, kind: 'subcommand', text: word.chars, start: word.start, end: word.end }
      : undefined;
  }
  const prev = words[index - 1];
  if (index - 1 > head && !prev.quoted && grammar.keyOptions.includes(prev.chars)) {
    return keyToken(base, prev.chars, word, offset);
  }
  return undefined;
}

/** The key of `option`'s `key=value,…` argument `word` under the cursor. */
function keyToken(
  base: { tool: ToolName; subcommand?: string },
  option: string,
  word: ShellWord,
  offset: number,
): ToolToken | undefined {
  for (const it of argumentItems(word)) {
    const end = it.valueEnd ?? it.keyEnd;
    if (it.key === '' || offset < it.keyStart || offset > end) continue;
    const onValue = it.valueEnd !== undefined && offset > it.keyEnd;
    return { ...base, kind: 'key', option, text: it.key, start: it.keyStart, end: onValue ? end : it.keyEnd };
  }
  return undefined;
}
