// What the manifest promises about activation and the cpuinfo language, checked where it is
// written; the startup tier (test/integration/startup.test.ts) checks the behaviour itself.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('manifest: activation', () => {
  it('activates on nothing every window has', () => {
    const events: string[] = manifest.activationEvents;
    // plaintext: the chat input and output models are plain text in every window.
    for (const never of ['*', 'onStartupFinished', 'onLanguage:plaintext', 'onLanguage:json'])
      assert.ok(!events.includes(never), `activationEvents has ${never}`);
    assert.ok(events.includes('onLanguage:cpuinfo'));
  });

  it('offers term hovers in cpuinfo dumps by default', () => {
    const def = manifest.contributes.configuration.properties['virtkit.hover.languages'].default;
    assert.ok(def.includes('cpuinfo'));
  });
});

describe('manifest: the cpuinfo language', () => {
  const lang = manifest.contributes.languages.find((l: { id: string }) => l.id === 'cpuinfo');
  const grammar = manifest.contributes.grammars.find((g: { language: string }) => g.language === 'cpuinfo');

  it('is recognised by name and by its first line', () => {
    assert.deepEqual(lang.filenames, ['cpuinfo']);
    const first = new RegExp(lang.firstLine);
    assert.ok(first.test('processor\t: 0'));
    assert.ok(first.test('processor : 0'));
    assert.ok(!first.test('processor\t: 1'), 'only the first processor starts a dump');
    assert.ok(!first.test('# processor: 0 notes'));
  });

  it('has a grammar that scopes every flag of a flags line', () => {
    const g = JSON.parse(readFileSync(join(root, grammar.path), 'utf8'));
    assert.equal(g.scopeName, grammar.scopeName);
    const flagLine = g.repository.flagLine;
    const begin = new RegExp(flagLine.begin);
    assert.ok(begin.test('flags\t\t: fpu vme vmx'));
    assert.ok(begin.test('vmx flags\t: vnmi ept'));
    assert.ok(!begin.test('model name\t: Intel'));
    const flag = new RegExp(flagLine.patterns[0].match, 'g');
    assert.deepEqual('fpu vme vmx ept_ad'.match(flag), ['fpu', 'vme', 'vmx', 'ept_ad']);
    const field = new RegExp(g.repository.field.match);
    assert.deepEqual(field.exec('model name\t: Intel(R) Xeon(R)')?.slice(1, 5), [
      'model name',
      '\t',
      ':',
      ' Intel(R) Xeon(R)',
    ]);
  });
});
