// Hover lookup benchmark (npm run bench:hover). Not a test: timings on a shared machine are
// noisy, so it reports distributions beside a baseline measured in the same run.
//
// Ours: what the hover provider does per request: cut a window of text around the position
// from the line, then TermMatcher.lookup. Baseline: the naive way, one regular expression of
// every alias run over the whole line, keeping the match that covers the position.
import { loadContent } from 'virtkit:content';
import { KnowledgeBase } from '../src/core/concepts/knowledgeBase';

const kb = new KnowledgeBase(loadContent());
const matcher = kb.termMatcher;
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 10_000);

// A deterministic pseudo-random sequence, so every run looks up the same positions.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

/** Mixed Chinese / English prose from the articles themselves, repeated to `bytes`. */
function corpus(bytes: number, lineBreaks: boolean): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const c = kb.concepts[i % kb.concepts.length];
    const text = (i % 2 ? c.text.en.article : c.text['zh-cn'].article).replace(/\n/g, lineBreaks ? '\n' : ' ');
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  return parts.join(lineBreaks ? '\n' : ' ');
}

function ours(lines: string[], line: number, ch: number): string | undefined {
  const radius = matcher.contextLength;
  const start = Math.max(0, ch - radius);
  const window = lines[line].slice(start, ch + radius);
  return matcher.lookup(window, ch - start)?.conceptId;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const terms = kb.concepts
  .flatMap((c) => [...c.text.en.aliases, ...c.text['zh-cn'].aliases])
  .sort((a, b) => b.length - a.length);
const naiveRe = new RegExp(terms.map(escape).join('|'), 'giu');
function naive(lines: string[], line: number, ch: number): string | undefined {
  for (const m of lines[line].matchAll(naiveRe)) {
    if (m.index! > ch) break;
    if (m.index! + m[0].length > ch) return m[0];
  }
  return undefined;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function measure(name: string, fn: (lines: string[], l: number, c: number) => unknown, lines: string[], n: number) {
  const positions = Array.from({ length: n }, () => {
    const l = Math.floor(rand() * lines.length);
    return [l, Math.floor(rand() * Math.max(1, lines[l].length))] as const;
  });
  const times: number[] = [];
  let hits = 0;
  for (const [l, c] of positions) {
    const t0 = process.hrtime.bigint();
    if (fn(lines, l, c) !== undefined) hits++;
    times.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  return {
    name,
    n,
    hits,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    perSecond: Math.round((n / total) * 1e6),
  };
}

const docs: [string, string][] = [
  ['1 KB, lines', corpus(1_000, true)],
  ['100 KB, lines', corpus(100_000, true)],
  ['1 MB, lines', corpus(1_000_000, true)],
  ['10 MB, lines', corpus(10_000_000, true)],
  ['1 MB, one line', corpus(1_000_000, false)],
];

console.log(`Hover lookups: ${LOOKUPS} per document (naive baseline: fewer on one long line, it is slow)\n`);
console.log('| document | method | lookups | p50 µs | p99 µs | lookups/s | p99 ratio naive/ours |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const [name, text] of docs) {
  const lines = text.split('\n');
  // Warm-up so both methods are compiled before they are timed.
  measure('warm', ours, lines, 1000);
  measure('warm', naive, lines, 50);
  const a = measure('ours (window + trie)', ours, lines, LOOKUPS);
  const b = measure('naive regex over the line', naive, lines, lines.length === 1 ? 200 : LOOKUPS);
  const row = (r: typeof a, ratio = '') =>
    console.log(
      `| ${name} | ${r.name} | ${r.n} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.perSecond} | ${ratio} |`,
    );
  row(a);
  row(b, (b.p99 / a.p99).toFixed(0) + '×');
}
