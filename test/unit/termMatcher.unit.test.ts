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
});
