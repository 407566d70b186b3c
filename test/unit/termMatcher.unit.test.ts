import * as assert from 'node:assert/strict';
import { TermMatcher } from '../../src/core/concepts/termMatcher';

function matcher(): TermMatcher {
  const m = new TermMatcher();
  m.add('虚拟化', 'virtualization', false);
  m.add('全虚拟化', 'full-virtualization', false);
  m.add('EPT', 'ept', true);
  m.add('ept', 'ept', true);
  m.add('Extended Page Tables', 'ept', false);
  m.add('Xen', 'xen', false);
  m.add('VT-x', 'intel-vt-x', false);
  m.add('VTx', 'intel-vt-x', false);
  m.add('Intel VT', 'intel-vt-x', false);
  m.add('Intel VT-d', 'intel-vt-d', false);
  m.add('KVM', 'kvm', true);
  m.add('Wine', 'wine', false, true);
  m.add('CrossOver', 'crossover', false, true);
  m.add('Pouch', 'pouch', false, true);
  return m;
}

/** The concept found when the pointer is on the character `offset` after `needle`'s start. */
function at(text: string, needle: string, offset = 0): string | undefined {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `"${needle}" not in test text`);
  return matcher().lookup(text, i + offset)?.conceptId;
}

describe('TermMatcher', () => {
  it('finds a Chinese term inside a sentence with no spaces', () => {
    const s = '传统数据中心引入虚拟化技术';
    assert.equal(at(s, '虚拟化', 0), 'virtualization');
    assert.equal(at(s, '虚拟化', 2), 'virtualization');
    assert.equal(at(s, '技术', 0), undefined);
  });

  it('prefers the longest term covering the position', () => {
    const s = '半虚拟化与全虚拟化的区别';
    assert.equal(at(s, '全虚拟化', 0), 'full-virtualization');
    assert.equal(at(s, '全虚拟化', 2), 'full-virtualization');
    // In 半虚拟化 only 虚拟化 is known here.
    assert.equal(at(s, '半虚拟化', 2), 'virtualization');
  });

  it('matches Latin terms as whole words only', () => {
    assert.equal(at('EPTIME is not a term', 'EPTIME', 1), undefined);
    assert.equal(at('see XEPT', 'XEPT', 2), undefined);
    assert.equal(at('EPT speeds up paging', 'EPT', 1), 'ept');
    assert.equal(at('(EPT)', 'EPT', 0), 'ept');
    assert.equal(at('flags: vmx ept_ad', 'ept_ad', 0), undefined, '"_" joins words: ept_ad is not ept');
  });

  it('resolves case variants and aliases', () => {
    assert.equal(at('XEN 4.17', 'XEN', 0), 'xen');
    assert.equal(at('xen hypervisor', 'xen', 2), 'xen');
    assert.equal(at('enable VTx in firmware', 'VTx', 1), 'intel-vt-x');
    assert.equal(at('Intel VT is on', 'Intel VT', 7), 'intel-vt-x');
    assert.equal(at('Intel VT-d is on', 'Intel VT-d', 0), 'intel-vt-d', 'Intel VT-d beats Intel VT');
    assert.equal(at('extended page tables', 'extended', 3), 'ept');
  });

  it('keeps short capital acronyms exact', () => {
    assert.equal(at('KVM guests', 'KVM', 0), 'kvm');
    assert.equal(at('Kvm guests', 'Kvm', 0), undefined);
    assert.equal(at('flags : ept vpid', 'ept', 1), 'ept', 'the lowercase flag is its own exact term');
    assert.equal(at('Ept', 'Ept', 0), undefined);
  });

  it('reports the range of the match', () => {
    const s = 'a 全虚拟化 b';
    const m = matcher().lookup(s, s.indexOf('拟'));
    assert.deepEqual(m && [m.start, m.end, m.term], [2, 6, '全虚拟化']);
  });

  it('returns nothing outside the text or for an empty matcher', () => {
    assert.equal(matcher().lookup('EPT', -1), undefined);
    assert.equal(matcher().lookup('EPT', 3), undefined);
    assert.equal(new TermMatcher().lookup('EPT', 0), undefined);
  });

  it('handles surrogate pairs and odd characters without throwing', () => {
    const s = '😀EPT😀 \u0000 İ 虚拟化';
    assert.equal(at(s, 'EPT', 0), 'ept');
    assert.equal(at(s, '虚拟化', 1), 'virtualization');
  });

  describe('names that are everyday English words (wordAliases)', () => {
    it('hover next to Chinese text, whatever their case', () => {
      assert.equal(at('用Wine运行Windows程序', 'Wine', 1), 'wine', 'directly between Chinese characters');
      assert.equal(at('在 Wine 中运行', 'Wine', 0), 'wine', 'separated by a space');
      assert.equal(at('可以用 wine 运行', 'wine', 2), 'wine', 'lower case too: in Chinese it is a name');
      assert.equal(at('兼容层（Wine）', 'Wine', 0), 'wine', 'Chinese brackets');
      assert.equal(at('“Wine”是一个兼容层', 'Wine', 3), 'wine', 'looked through the quotes');
      assert.equal(at('Wine、CrossOver 和 Pouch', 'Wine', 0), 'wine');
      assert.equal(at('Wine、CrossOver 和 Pouch', 'CrossOver', 4), 'crossover');
      assert.equal(at('Wine、CrossOver 和 Pouch', 'Pouch', 2), 'pouch');
      assert.equal(at('阿里巴巴开源的 pouch。', 'pouch', 0), 'pouch');
    });

    it('hover written as a name inside an English sentence', () => {
      assert.equal(at('You can run it under Wine on Linux.', 'Wine', 2), 'wine');
      assert.equal(at('Alibaba released Pouch in 2017.', 'Pouch', 0), 'pouch');
      assert.equal(at('## Wine', 'Wine', 0), 'wine', 'a heading is not a sentence');
      assert.equal(at('- Wine and friends', 'Wine', 0), 'wine', 'nor is a list item');
      assert.equal(at('CrossOver runs Windows apps.', 'CrossOver', 0), 'crossover', 'a capital inside marks a name');
    });

    it('stay quiet in ordinary English prose', () => {
      assert.equal(at('I drank some wine.', 'wine', 0), undefined);
      assert.equal(at('Pour the wine', 'wine', 1), undefined);
      assert.equal(at('Wine is best with cheese.', 'Wine', 0), undefined, 'the first word of a text');
      assert.equal(at('It was late. Wine was served.', 'Wine', 0), undefined, 'the first word of a sentence');
      assert.equal(at('She asked: "Why?" Wine, she said.', 'Wine', 0), undefined);
      assert.equal(at('a leather pouch', 'pouch', 0), undefined);
      assert.equal(at('a crossover cable', 'crossover', 0), undefined);
      assert.equal(at('Crossover cables are rare.', 'Crossover', 0), undefined, 'not the name’s own spelling');
      assert.equal(at('WINE LIST', 'WINE', 0), undefined);
      assert.equal(at('winery', 'winery', 1), undefined, 'still whole words only');
    });
  });
});
