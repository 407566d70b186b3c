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

describe('hover definitions in other document languages', () => {
  before(async () => {
    await activateExtension();
  });

  it('gives /proc/cpuinfo dumps a language of their own, by name and by first line, and explains their flags', async () => {
    // cpuinfo*.txt by its name; a file with no extension by its first line (`processor : 0`).
    for (const name of ['cpuinfo.txt', 'node1-dump']) {
      const doc = await openDoc(name);
      assert.equal(doc.languageId, 'cpuinfo', name);
      assert.match(await hoverText(doc, positionOf(doc, ' vmx ', 2)), /\*\*Intel VT\\?-x/);
      assert.match(await hoverText(doc, positionOf(doc, ' ept ', 2)), /\*\*Extended Page Tables/);
    }
  });

  it('still explains terms in ordinary plain text once active', async () => {
    const doc = await openDoc('notes.txt');
    assert.equal(doc.languageId, 'plaintext');
    assert.match(await hoverText(doc, positionOf(doc, 'hypervisor', 2)), /\*\*Hypervisor/);
  });

  it('explains a term in a shell script comment and in XML text', async () => {
    const sh = await openDoc('#!/bin/sh\n# needs VT-d and an IOMMU for passthrough\n', 'shellscript');
    assert.match(await hoverText(sh, positionOf(sh, 'VT-d', 1)), /VT\\?-d/);
    const xml = await openDoc('<note>runs on KVM with EPT</note>\n', 'xml');
    assert.match(await hoverText(xml, positionOf(xml, 'KVM', 1)), /\*\*KVM/);
  });

  it('offers nothing in a language the setting does not name', async () => {
    const doc = await openDoc('// KVM and EPT\n', 'javascript');
    assert.doesNotMatch(await hoverText(doc, positionOf(doc, 'KVM', 1)), /virtkit/);
  });
});
