import * as assert from 'node:assert/strict';
import { EXTENSION_NAMES, HINTS, SUMMARIES } from '../../src/core/host/verdictText';

const CJK = /[\u4e00-\u9fff]/;
const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
const codeSpans = (s: string): string[] => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '').sort();

describe('host check: verdict text table', () => {
  const tables = { SUMMARIES, HINTS } as Record<string, Record<string, { en: string; 'zh-cn': string }>>;
  for (const [tableName, table] of Object.entries(tables)) {
    it(`${tableName}: every entry in English and natural Chinese, same placeholders and commands`, () => {
      for (const [key, text] of Object.entries(table)) {
        assert.ok(text.en.trim().length > 0, `${key} en`);
        assert.ok(text['zh-cn'].trim().length > 0, `${key} zh-cn`);
        assert.doesNotMatch(text.en, CJK, `${key}: English has no Chinese`);
        assert.match(text['zh-cn'], CJK, `${key}: Chinese is Chinese`);
        assert.deepEqual(placeholders(text['zh-cn']), placeholders(text.en), `${key} placeholders`);
        assert.deepEqual(codeSpans(text['zh-cn']), codeSpans(text.en), `${key}: commands are the same in both`);
        assert.equal((text.en.match(/`/g) ?? []).length % 2, 0, `${key}: balanced backticks`);
        assert.doesNotMatch(text['zh-cn'], /[a-z]\uFF0C[a-z]/i, `${key}: no full-width comma between Latin words`);
      }
    });
  }

  it('extension names exist in both languages', () => {
    for (const [key, text] of Object.entries(EXTENSION_NAMES)) {
      assert.ok(text.en && text['zh-cn'], key);
    }
  });
});
