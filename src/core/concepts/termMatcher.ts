import type { Concept } from './types';

/** A term found in text. `start` and `end` are offsets into the text that was searched. */
export interface TermMatch {
  conceptId: string;
  /** The term as written in the knowledge base. */
  term: string;
  start: number;
  end: number;
}

interface Entry {
  conceptId: string;
  term: string;
  /** Matched case-sensitively: short all-capital acronyms and CPU flag names. */
  exact: boolean;
  /** A name that is also an everyday English word (Wine, Pouch): matched only where it is a name. */
  word: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entries?: Entry[];
}

// Letters of space-separated scripts, digits and '_' form words; a Latin term must not
// start or end inside one. CJK characters are not word characters: Chinese has no spaces,
// so Chinese terms match anywhere.
const WORD_CHAR = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}_]/u;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch);
}

// Folding one UTF-16 unit at a time keeps offsets in the folded and the original text equal.
function fold(ch: string): string {
  const lower = ch.toLowerCase();
  return lower.length === ch.length ? lower : ch;
}

// What counts as Chinese (or Japanese) text beside a word: ideographs, kana, and the CJK and
// full-width punctuation blocks (，。：（）「」 ...). Straight and curly quotes are looked through.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;
const QUOTE = /["'\u2018\u2019\u201c\u201d]/;
const SPACE = /[ \t\u00a0]/;
// Characters that may stand between a sentence's end and its first word: "Yes. (Wine ..." or
// "... end.\" Wine".
const OPENING = /["'([{\u2018\u201c*_]/;
const SENTENCE_END = /[.!?\u3002\uff01\uff1f]/;
/** How far a word alias looks to each side for Chinese text or a sentence's end. */
const NEAR = 3;

/** True when, looking from `i` in direction `step`, the nearest character past at most one space and any quotes is CJK. */
function cjkBeside(text: string, i: number, step: 1 | -1): boolean {
  let spaces = 0;
  for (let n = 0; n < NEAR && i >= 0 && i < text.length; n++, i += step) {
    const ch = text[i];
    if (SPACE.test(ch)) {
      if (++spaces > 1) return false;
    } else if (!QUOTE.test(ch)) return CJK.test(ch);
  }
  return false;
}

/** True when the word at `start` begins a sentence (or the text, or the line): nothing but spaces and opening marks since a full stop. */
function startsSentence(text: string, start: number): boolean {
  let i = start - 1;
  for (let n = 0; n < NEAR && i >= 0; n++, i--) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') return true;
    if (SPACE.test(ch) || OPENING.test(ch)) continue;
    return SENTENCE_END.test(ch);
  }
  return true;
}

/**
 * README rule for `wordAliases`, names that are everyday English words too: they hover where
 * they stand next to Chinese text (in any case: in Chinese prose an English word is a name), or
 * where they are spelled exactly as the name is, capitalized, and not at the start of a
 * sentence (where every word is capitalized). A name with a capital inside (CrossOver) is
 * distinctive enough to hover even at the start of a sentence.
 */
export function isNameInContext(term: string, text: string, start: number, end: number): boolean {
  if (cjkBeside(text, start - 1, -1) || cjkBeside(text, end, 1)) return true;
  if (text.slice(start, end) !== term || !/^\p{Lu}/u.test(term)) return false;
  return /\p{Lu}/u.test(term.slice(1)) || !startsSentence(text, start);
}

/** README rule: aliases of at most three letters written in capitals match exactly. */
export function isExactTerm(term: string): boolean {
  return /^[A-Z]{1,3}$/.test(term);
}

/**
 * Finds knowledge-base terms at a position. It looks only at a window around the position,
 * never at the whole text, so a lookup costs the same in a 1 KB and a 10 MB document.
 */
export class TermMatcher {
  private readonly root: TrieNode = { next: new Map() };
  private longest = 0;

  /** Builds the index from every alias and word alias in both languages and every CPU flag name. */
  static fromConcepts(concepts: readonly Concept[]): TermMatcher {
    const m = new TermMatcher();
    for (const c of concepts) {
      for (const text of Object.values(c.text)) {
        for (const a of text.aliases) m.add(a, c.id, isExactTerm(a));
        for (const w of text.wordAliases ?? []) m.add(w, c.id, false, true);
      }
    }
    // Flags after every alias: where a flag name is also a word of prose ("hypervisor"),
    // the alias's concept wins the tie.
    for (const c of concepts) for (const flag of c.cpuFlags) m.add(flag, c.id, true);
    return m;
  }

  /**
   * Adds a term; of two terms spelled alike, the one added first wins. A `word` term is a name
   * that is also an everyday English word: it matches only where isNameInContext says so.
   */
  add(term: string, conceptId: string, exact: boolean, word = false): void {
    if (term.length === 0) return;
    let node = this.root;
    for (const unit of term.split('')) {
      const ch = fold(unit);
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map() }));
      node = child;
    }
    const entries = (node.entries ??= []);
    if (!entries.some((e) => e.conceptId === conceptId && e.term === term))
      entries.push({ conceptId, term, exact, word });
    this.longest = Math.max(this.longest, term.length);
  }

  /** The longest term, in UTF-16 units. */
  get maxTermLength(): number {
    return this.longest;
  }

  /**
   * How many characters of text a caller must pass on each side of the position: the longest
   * term, plus what word boundaries and word aliases look at beside a term.
   */
  get contextLength(): number {
    return this.longest + NEAR + 1;
  }

  /**
   * The longest term covering `offset` (the character under the pointer) in `text`, or
   * undefined. `text` needs `contextLength` characters of context on each side of `offset`
   * (or the start or end of the line) for boundaries and names to be judged right; callers
   * pass such a window.
   */
  lookup(text: string, offset: number): TermMatch | undefined {
    if (offset < 0 || offset >= text.length) return undefined;
    let best: TermMatch | undefined;
    const from = Math.max(0, offset - this.longest + 1);
    for (let start = from; start <= offset; start++) {
      let node: TrieNode | undefined = this.root;
      for (let i = start; i < text.length && i - start < this.longest; i++) {
        node = node.next.get(fold(text[i]));
        if (!node) break;
        const end = i + 1;
        if (!node.entries || end <= offset || (best && end - start <= best.end - best.start)) continue;
        const hit = this.accept(node.entries, text, start, end);
        if (hit) best = { conceptId: hit.conceptId, term: hit.term, start, end };
      }
    }
    return best;
  }

  private accept(entries: Entry[], text: string, start: number, end: number): Entry | undefined {
    const written = text.slice(start, end);
    for (const e of entries) {
      if (e.exact && written !== e.term) continue;
      if (isWordChar(e.term[0]) && isWordChar(text[start - 1])) continue;
      if (isWordChar(e.term[e.term.length - 1]) && isWordChar(text[end])) continue;
      if (e.word && !isNameInContext(e.term, text, start, end)) continue;
      return e;
    }
    return undefined;
  }
}
