import * as assert from 'node:assert/strict';
import { activateExtension, hoverText, openDoc, positionOf } from './util';

describe('hover definitions', () => {
  before(async () => {
    await activateExtension();
  });

  it('finds 虚拟化 inside a Chinese sentence with no spaces', async () => {
    const doc = await openDoc('primer-notes.md');
    const text = await hoverText(doc, positionOf(doc, '引入虚拟化技术', 3));
    assert.match(text, /\*\*Virtualization\*\*/);
  });

  it('prefers the longest term: 虚拟化 inside 全虚拟化 is full virtualization', async () => {
    const doc = await openDoc('primer-notes.md');
    const text = await hoverText(doc, positionOf(doc, '全虚拟化', 2));
    assert.match(text, /\*\*Full virtualization/i);
  });

  it('explains an English term and offers the article and the tree', async () => {
    const doc = await openDoc('primer-notes.md');
    const text = await hoverText(doc, positionOf(doc, 'hypervisor', 2));
    assert.match(text, /\*\*Hypervisor/);
    assert.match(text, /command:virtkit\.openArticle\?/);
    assert.match(text, /command:virtkit\.revealInTree\?/);
  });

  it('stays quiet on ordinary words', async () => {
    const doc = await openDoc('primer-notes.md');
    const text = await hoverText(doc, positionOf(doc, 'separates', 2));
    assert.doesNotMatch(text, /virtkit/);
  });

  it('works in plain text and for an untitled YAML document', async () => {
    const doc = await openDoc('note: the hypervisor runs guests\n', 'yaml');
    const text = await hoverText(doc, positionOf(doc, 'hypervisor', 1));
    assert.match(text, /\*\*Hypervisor/);
  });
});
