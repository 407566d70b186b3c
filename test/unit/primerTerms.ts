// Reads the terms the primer introduces out of its markdown, so the hover test follows the
// primer itself rather than a list someone typed once.
import type Token from 'markdown-it/lib/token.mjs';
import { createMarkdownRenderer } from '../../src/core/markdown/markdownRenderer';

/** One place in the primer where it introduces a term. */
export interface PrimerTerm {
  term: string;
  /** Offset of the term in the primer's text. */
  start: number;
  /** How it was found: a heading, a bold span, a quoted word, a list item's title, … */
  kind: 'heading' | 'bold' | 'quoted' | 'item' | 'defined' | 'name';
}

// A Latin-script name: words joined by single spaces ("Intel VT-x", "office 365",
// "Platform-as-a-service"). '/' separates names ("AMD-V/RVI"), except in "I/O".
const WORD = String.raw`(?:I/O|[A-Za-z][A-Za-z0-9]*(?:[-.+][A-Za-z0-9]+)*)`;
const LATIN_NAME = new RegExp(String.raw`${WORD}(?: (?:${WORD}|\d+))*`, 'g');
// The service-model line holds three entries ("IaaS：…", "PaaS：…", "SaaS：…") whose line
// breaks the primer lost; each entry starts where a Latin word is followed by "：".
const ENTRY = /\s+(?=[A-Za-z]+：)/;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/**
 * Splits a title such as "全虚拟机化 full virtualization / 准虚拟化 native virtualization" into
 * the names it pairs: the Chinese term and its English name are separate terms.
 */
function splitTitle(title: string): string[] {
  return title
    .split(/\s+\/\s+/)
    .flatMap((part) => part.match(/[\p{Script=Han}][\p{Script=Han}\d]*|[A-Za-z][A-Za-z0-9 .+/-]*[A-Za-z0-9]/gu) ?? [])
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/** Plain text of an inline token: emphasis markers dropped, code spans kept as written. */
function inlineText(tok: Token): string {
  return (tok.children ?? [])
    .map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? '\n' : c.content))
    .join('');
}

/**
 * Every term the primer introduces, with where it stands:
 * - headings, bold spans and words in Chinese quotation marks (“虚拟机”);
 * - the title of each numbered list item (its first line, before a colon), with a Chinese
 *   term and its English name split apart;
 * - defined terms at the start of a line, "Term（gloss）：…", and the names a service-model
 *   entry gives ("IaaS：基础设施服务，Infrastructure as a service #…");
 * - every Latin-script name anywhere (products, acronyms, English terms), which covers the
 *   product lists and the examples in the list items.
 * Lists whose items are phrases (the deployment steps, the benefits) contribute only the
 * names inside them: a sentence is not a term.
 */
export function primerTerms(source: string): PrimerTerm[] {
  const starts = lineStarts(source);
  const out: PrimerTerm[] = [];
  const seen = new Set<string>();
  const add = (term: string, from: number, kind: PrimerTerm['kind']) => {
    const t = term.trim();
    if (!t) return;
    const at = source.indexOf(t, from);
    if (at < 0) throw new Error(`primer term "${t}" not found in its source line`);
    const key = `${at}:${t}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ term: t, start: at, kind });
  };

  const tokens = createMarkdownRenderer().parse(source, {});
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.type !== 'inline' || !tok.map) continue;
    const from = starts[tok.map[0]];
    const text = inlineText(tok);
    const prev = tokens[i - 1];
    if (prev?.type === 'heading_open') add(text, from, 'heading');

    // Bold spans.
    const kids = tok.children ?? [];
    for (let k = 0; k < kids.length; k++) {
      if (kids[k].type !== 'strong_open') continue;
      let bold = '';
      for (k++; k < kids.length && kids[k].type !== 'strong_close'; k++) bold += kids[k].content;
      add(bold.replace(/[：:]\s*$/, ''), from, 'bold');
    }
    // Quoted words: short spans in Chinese quotation marks.
    for (const m of text.matchAll(/“([^”\n]{1,20})”/g))
      add(m[1], from + source.slice(from).indexOf(m[0]) + 1, 'quoted');

    // The title of a numbered list item.
    const inOrderedItem = tokens[i - 2]?.type === 'list_item_open' && tokens[i - 2].markup === '.';
    if (inOrderedItem) {
      const title = text.split('\n')[0].split(/[：:]/)[0];
      for (const t of splitTitle(title)) add(t, from, 'item');
    }

    // Defined terms at the start of a line: "Term（gloss）：…" and "IaaS：中文，English #…".
    let lineFrom = from;
    for (const line of source.slice(from, starts[tok.map[1]] ?? source.length).split('\n')) {
      for (const entry of line.split(ENTRY)) {
        const m = /^([^：:，。（）()*]{1,30}?)(?:（([^）]+)）)?：(.*)$/u.exec(entry.trim());
        if (m && !/^\d+\./.test(entry)) {
          add(m[1], lineFrom, 'defined');
          for (const g of (m[2] ?? '').split('，')) add(g, lineFrom, 'defined');
          const named = /^([^#]+?)\s+#/.exec(m[3]);
          if (named) for (const n of named[1].split('，')) add(n, lineFrom, 'defined');
        }
      }
      lineFrom += line.length + 1;
    }
  }

  // Latin-script names anywhere but in markup: the "[toc]" line, fence info, the image.
  const skip = /^\[toc\]$|^```|^!\[/;
  for (let l = 0; l < starts.length; l++) {
    const line = source.slice(starts[l], (starts[l + 1] ?? source.length + 1) - 1);
    if (skip.test(line)) continue;
    let at = starts[l];
    for (const entry of line.split(ENTRY)) {
      at = source.indexOf(entry, at);
      for (const m of entry.matchAll(LATIN_NAME)) add(m[0], at + (m.index ?? 0), 'name');
      at += entry.length;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
