// Splits one POSIX shell command line into its words, the way `sh` would before running it,
// for the subset of shell syntax that a command line in a snippet uses: blanks between
// words, '…' (literal), "…" (where \ escapes $ ` " \ and a newline), \ escaping the next
// character outside quotes, \ + newline joining lines, and # comments at the start of a
// word. Anything that would make the line more than one simple command with literal words
// (pipes, lists, redirections, substitutions, variables, globs) is refused with an error
// rather than guessed at, so a caller never runs something other than what the text says.

export class ShellWordsError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ShellWordsError';
  }
}

const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '`']);
const GLOBS = new Set(['*', '?', '[']);

/** The words of a single simple command; throws ShellWordsError on syntax it does not handle. */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const end = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  while (i < line.length) {
    const c = line[i];
    if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) throw new ShellWordsError('A backslash ends the command line.', i);
      if (next === '\n') {
        i += 2; // line continuation: nothing
        continue;
      }
      if (next === '\r' && line[i + 2] === '\n') {
        i += 3;
        continue;
      }
      word += next;
      inWord = true;
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (c === '\n' || c === '\r') {
        // An unescaped newline ends the command; only blank lines and comments may follow.
        end();
        const rest = line.slice(i).replace(/^\s*(#[^\n]*\n?\s*)*/, '');
        if (rest) throw new ShellWordsError('More than one command (an unescaped newline).', i);
        break;
      }
      end();
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      const nl = line.indexOf('\n', i);
      i = nl < 0 ? line.length : nl;
      continue;
    }
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new ShellWordsError('Unterminated single quote.', i);
      word += line.slice(i + 1, close);
      inWord = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (;;) {
        const d = line[j];
        if (d === undefined) throw new ShellWordsError('Unterminated double quote.', i);
        if (d === '"') break;
        if (d === '\\') {
          const next = line[j + 1];
          if (next === '\n') {
            j += 2;
            continue;
          }
          if (next === '$' || next === '`' || next === '"' || next === '\\') {
            word += next;
            j += 2;
            continue;
          }
          word += d;
          j++;
          continue;
        }
        if (d === '$' || d === '`') throw new ShellWordsError(`Shell expansion ("${d}") inside double quotes is not supported.`, j);
        word += d;
        j++;
      }
      inWord = true;
      i = j + 1;
      continue;
    }
    if (OPERATORS.has(c)) throw new ShellWordsError(`Shell operator "${c}" is not supported: one simple command only.`, i);
    if (c === '$') throw new ShellWordsError('Shell expansion ("$") is not supported.', i);
    if (GLOBS.has(c)) throw new ShellWordsError(`Unquoted glob character "${c}" is not supported.`, i);
    if (c === '~' && !inWord) throw new ShellWordsError('Tilde expansion is not supported.', i);
    word += c;
    inWord = true;
    i++;
  }
  end();
  return words;
}

/** Quotes one word so that `sh` (and virsh's command parser) reads it back unchanged. */
export function quoteShellWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
