// The QEMU command-line corpus (test/fixtures/qemu-corpus/corpus.json) and the captured QEMU
// data the converter reads option arities from, shared by the converter's tests and benchmark.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseQemuData, type QemuData } from '../../../src/core/qemu/data';

// Bundled into out/<tier>/*.js, so the repository is two folders up.
export const repo = resolve(__dirname, '../..');

export interface CorpusLine {
  id: string;
  arch: 'x86_64' | 'aarch64';
  /** Where the line was read: a page URL, or a repository file at a commit. */
  source: string;
  line: string;
  /** What differs from the published text (shell text after the command left out), if anything. */
  note?: string;
}

export function corpus(): CorpusLine[] {
  return (
    JSON.parse(readFileSync(join(repo, 'test/fixtures/qemu-corpus/corpus.json'), 'utf8')) as { lines: CorpusLine[] }
  ).lines;
}

let cached: QemuData[] | undefined;
export function qemuDatas(): QemuData[] {
  cached ??= ['x86_64', 'aarch64'].map((a) =>
    parseQemuData(readFileSync(join(repo, 'data/qemu', `${a}.json`), 'utf8')),
  );
  return cached;
}
