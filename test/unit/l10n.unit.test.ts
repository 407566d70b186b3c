// Every user-visible string exists, non-empty, in English and Simplified Chinese: the
// manifest's %keys% in both package.nls files, and every vscode.l10n.t() in src/ in the
// Chinese bundle. Strings are extracted from the source afresh, so a new untranslated
// string fails here.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const root = resolve(__dirname, '../..');
const json = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8'));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('localization', () => {
  it('has every manifest key in both languages, and no extra ones', () => {
    const manifest = readFileSync(join(root, 'package.json'), 'utf8');
    const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const nls = json(file);
      for (const key of used)
        assert.ok(typeof nls[key] === 'string' && nls[key].trim(), `${file}: "${key}" is missing or empty`);
      for (const key of Object.keys(nls)) assert.ok(used.has(key), `${file}: "${key}" is not used by package.json`);
    }
  });

  it('translates every vscode.l10n.t string of src/ into Chinese', async () => {
    const files = tsFiles(join(root, 'src')).map((p) => ({ contents: readFileSync(p, 'utf8'), extension: '.ts' }));
    const strings = await getL10nJson(files);
    const keys = Object.keys(strings);
    assert.ok(keys.length > 10, 'the extractor found the strings');
    const zh = json('l10n/bundle.l10n.zh-cn.json');
    for (const key of keys) {
      assert.ok(
        typeof zh[key] === 'string' && zh[key].trim(),
        `l10n/bundle.l10n.zh-cn.json: "${key}" is missing or empty`,
      );
      const placeholders = (s: string) =>
        [...s.matchAll(/\{\d+\}/g)]
          .map((m) => m[0])
          .sort()
          .join();
      assert.equal(placeholders(zh[key]), placeholders(key), `placeholders of "${key}" differ in Chinese`);
    }
    for (const key of Object.keys(zh))
      assert.ok(key in strings, `l10n/bundle.l10n.zh-cn.json: "${key}" is no longer used`);
  });
});
