// Each test tier records how many tests it ran; summary.mjs prints the total at the end.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = join(root, 'test-results/counts');

export function recordCounts(tier, counts) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${tier}.json`), JSON.stringify(counts));
}

export function readCounts() {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => ({ tier: f.replace(/\.json$/, ''), ...JSON.parse(readFileSync(join(dir, f), 'utf8')) }));
  } catch {
    return [];
  }
}

export function clearCounts() {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) rmSync(join(dir, f));
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'clear') clearCounts();
