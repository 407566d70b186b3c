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

  /** Builds the index from every alias in both languages and every CPU flag name. */
  static fromConcepts(concepts: readonly Concept[]): TermMatcher {
    const m = new TermMatcher();
    for (const c of concepts) {
      for (const text of Object.values(c.text)) for (const a of text.aliases) m.add(a, c.id, isExactTerm(a));
    }
    // Flags after every alias: where a flag name is also a word of prose ("hypervisor"),
    // the alias's concept wins the tie.
    for (const c of concepts) for (const flag of c.cpuFlags) m.add(flag, c.id, true);
    return m;
  }

  /** Adds a term; of two terms spelled alike, the one added first wins. */
  add(term: string, conceptId: string, exact: boolean): void {
    if (term.length === 0) return;
    let node = this.root;
    for (const unit of term.split('')) {
      const ch = fold(unit);
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map() }));
      node = child;
    }
    const entries = (node.entries ??= []);
    if (!entries.some((e) => e.conceptId === conceptId && e.term === term)) entries.push({ conceptId, term, exact });
    this.longest = Math.max(this.longest, term.length);
  }

  /** The longest term, in UTF-16 units: how far around a position a caller must look. */
  get maxTermLength(): number {
    return this.longest;
  }

  /**
   * The longest term covering `offset` (the character under the pointer) in `text`, or
   * undefined. `text` needs `maxTermLength + 1` characters of context on each side of
   * `offset` for word boundaries to be judged right; callers pass such a window.
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
      return e;
    }
    return undefined;
  }
}
