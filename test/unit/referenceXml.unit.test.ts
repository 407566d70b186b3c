// The XML cursor context behind libvirt hovers (src/core/reference/xmlContext.ts): what is under
// a position (element, attribute, value, word of text) and the element path down to it, on well
// formed and on broken input alike.
import * as assert from 'node:assert/strict';
import { indexXml, MAX_XML_LENGTH, xmlNodeAt, type XmlNode } from '../../src/core/reference/xmlContext';

/** The node at `needle`'s start plus `offset` (the `nth` occurrence, 0-based). */
function at(text: string, needle: string, offset = 0, nth = 0): XmlNode | undefined {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `"${needle}" (#${nth}) not in test text`);
  }
  return xmlNodeAt(text, i + offset);
}

/** A small deterministic PRNG, so the fuzz cases are reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DOMAIN = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment with <disk type='fake'> inside -->
<domain type='kvm' id="1">
  <name>guest</name>
  <memory unit='KiB'>1048576</memory>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/a&amp;b.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type=network>
      <source network="default"/>
    </interface>
  </devices>
  <on_crash> destroy </on_crash>
  <description>two words</description>
</domain>
`;

describe('xmlContext', () => {
  describe('well-formed documents', () => {
    it('finds element names in start tags with the path from the root', () => {
      const n = at(DOMAIN, '<disk', 1, 1); // the first <disk is inside the comment
      assert.equal(n?.kind, 'element');
      assert.equal(n?.name, 'disk');
      assert.deepEqual(n?.path, ['domain', 'devices', 'disk']);
      assert.equal(n?.closing, undefined);
      assert.equal(DOMAIN.slice(n!.start, n!.end), 'disk');
      assert.deepEqual(at(DOMAIN, '<domain', 1)?.path, ['domain']);
    });

    it('finds element names in end tags, marked as closing', () => {
      const n = at(DOMAIN, '</disk>', 2);
      assert.equal(n?.kind, 'element');
      assert.equal(n?.name, 'disk');
      assert.equal(n?.closing, true);
      assert.deepEqual(n?.path, ['domain', 'devices', 'disk']);
      assert.deepEqual(at(DOMAIN, '</domain>', 3)?.path, ['domain']);
    });

    it('finds attribute names with the path of the element that carries them', () => {
      const n = at(DOMAIN, "file='/var", 0);
      assert.equal(n?.kind, 'attribute');
      assert.equal(n?.name, 'file');
      assert.deepEqual(n?.path, ['domain', 'devices', 'disk', 'source']);
      assert.equal(DOMAIN.slice(n!.start, n!.end), 'file');
      assert.equal(at(DOMAIN, "device='disk'", 3)?.name, 'device');
    });

    it('finds attribute values (quotes excluded, entities decoded) in every quoting style', () => {
      const single = at(DOMAIN, "'kvm'", 2);
      assert.equal(single?.kind, 'attributeValue');
      assert.equal(single?.name, 'type');
      assert.equal(single?.value, 'kvm');
      assert.deepEqual(single?.path, ['domain']);
      assert.equal(DOMAIN.slice(single!.start, single!.end), 'kvm');

      const double = at(DOMAIN, '"default"', 1);
      assert.equal(double?.value, 'default');
      assert.equal(double?.name, 'network');
      assert.deepEqual(double?.path, ['domain', 'devices', 'interface', 'source']);

      const bare = at(DOMAIN, 'type=network', 6);
      assert.equal(bare?.kind, 'attributeValue');
      assert.equal(bare?.value, 'network');

      const entity = at(DOMAIN, 'a&amp;b', 0);
      assert.equal(entity?.value, '/var/lib/libvirt/images/a&b.qcow2');
      assert.equal(xmlNodeAt(`<a x='&#x41;&#66;&lt;&bogus;'/>`, 7)?.value, 'AB<&bogus;');
    });

    it('keeps the path right after self-closing tags', () => {
      assert.deepEqual(at(DOMAIN, '<target', 1)?.path, ['domain', 'devices', 'disk', 'target']);
      assert.deepEqual(at(DOMAIN, "bus='virtio'", 0)?.path, ['domain', 'devices', 'disk', 'target']);
      assert.deepEqual(at(DOMAIN, '<interface', 1)?.path, ['domain', 'devices', 'interface']);
    });

    it('offers a single word of text, trimmed, and nothing for longer text', () => {
      const n = at(DOMAIN, 'destroy', 3);
      assert.equal(n?.kind, 'text');
      assert.equal(n?.name, 'on_crash');
      assert.equal(n?.value, 'destroy');
      assert.deepEqual(n?.path, ['domain', 'on_crash']);
      assert.equal(DOMAIN.slice(n!.start, n!.end), 'destroy');
      assert.equal(at(DOMAIN, '1048576', 0)?.value, '1048576');
      assert.equal(at(DOMAIN, 'two words', 1), undefined);
      assert.equal(at(DOMAIN, ' destroy ', 0), undefined, 'the space before the word is not the word');
    });

    it('reports the root element and the number of tokens', () => {
      const index = indexXml(DOMAIN);
      assert.equal(index?.root, 'domain');
      assert.ok((index?.size ?? 0) > 20);
      assert.equal(indexXml('')?.root, undefined);
      assert.equal(indexXml('just text, no tags')?.root, undefined);
      assert.equal(indexXml('<network><name>x</name></network>')?.root, 'network');
    });

    it('answers at the end of a token but not in the whitespace between tokens', () => {
      const i = DOMAIN.indexOf('<name>') + 1;
      assert.equal(xmlNodeAt(DOMAIN, i + 4)?.name, 'name', 'caret just after the name');
      const gap = DOMAIN.indexOf(' id="1"');
      assert.equal(xmlNodeAt(DOMAIN, gap + 1)?.name, 'id');
      assert.equal(xmlNodeAt(DOMAIN, DOMAIN.indexOf('<devices>') - 2), undefined, 'indentation');
    });

    it('handles namespaced names and CRLF line ends', () => {
      const text =
        "<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\r\n<qemu:commandline>\r\n<qemu:arg value='-S'/>\r\n</qemu:commandline>\r\n</domain>";
      assert.equal(at(text, 'qemu:commandline', 0)?.name, 'qemu:commandline');
      assert.deepEqual(at(text, "value='-S'", 0)?.path, ['domain', 'qemu:commandline', 'qemu:arg']);
      assert.equal(at(text, 'xmlns:qemu', 6)?.name, 'xmlns:qemu');
    });
  });

  describe('markup that is not elements', () => {
    it('skips comments, and what looks like tags inside them', () => {
      assert.equal(at(DOMAIN, "<disk type='fake'>", 1), undefined);
      assert.equal(at(DOMAIN, "'fake'", 1), undefined);
      const text = '<a><!-- <b> --><c/></a>';
      assert.deepEqual(at(text, '<c', 1)?.path, ['a', 'c'], 'the commented <b> opened nothing');
      assert.equal(at(text, '<b>', 1), undefined);
    });

    it('skips CDATA sections', () => {
      const text = "<a><![CDATA[<fake attr='1'> & </a>]]><b x='y'/></a>";
      assert.equal(at(text, 'fake', 0), undefined);
      assert.equal(at(text, "'1'", 1), undefined);
      assert.deepEqual(at(text, '<b', 1)?.path, ['a', 'b']);
    });

    it('skips processing instructions and doctype declarations with an internal subset', () => {
      assert.equal(at(DOMAIN, 'version', 0), undefined);
      assert.equal(at(DOMAIN, '"UTF-8"', 1), undefined);
      const text = '<!DOCTYPE domain [ <!ENTITY x "<a>"> ]><domain><name>n</name></domain>';
      assert.equal(indexXml(text)?.root, 'domain');
      assert.equal(at(text, 'ENTITY', 0), undefined);
      assert.deepEqual(at(text, '<name', 1)?.path, ['domain', 'name']);
    });

    it('handles self-closing tags with and without space before the slash', () => {
      const text = "<a><b/><c x='1' /><d x=1/><e></e></a>";
      assert.deepEqual(at(text, '<c', 1)?.path, ['a', 'c']);
      assert.deepEqual(at(text, '<d', 1)?.path, ['a', 'd']);
      assert.equal(at(text, 'x=1', 2)?.value, '1', 'an unquoted value stops before />');
      assert.deepEqual(at(text, '<e', 1)?.path, ['a', 'e']);
    });
  });

  describe('malformed input', () => {
    it('recovers from an unterminated tag at the next tag', () => {
      const text = "<domain><devices><disk type='file' <target dev='vda'/></disk></devices></domain>";
      const n = at(text, "dev='vda'", 0);
      assert.equal(n?.name, 'dev');
      assert.deepEqual(n?.path, ['domain', 'devices', 'disk', 'target']);
    });

    it('ends an unterminated quoted value at the next tag', () => {
      const text = "<domain><disk type='file><source file='/x'/></disk></domain>";
      assert.equal(at(text, 'file>', 0)?.value, 'file>');
      const n = at(text, "'/x'", 1);
      assert.equal(n?.value, '/x');
      assert.deepEqual(n?.path, ['domain', 'disk', 'source']);
    });

    it('copes with a document that stops inside a tag, a value or a comment', () => {
      for (const text of [
        '<domain type=',
        "<domain type='kv",
        '<domain type',
        '<',
        '</',
        '<!--',
        '<![CDATA[',
        '<?xml',
        '<!DOCTYPE x [',
        '<a><b',
      ]) {
        const index = indexXml(text);
        assert.ok(index, text);
        for (let i = -1; i <= text.length + 1; i++) index.nodeAt(i);
      }
      assert.equal(at("<domain type='kv", "'kv", 1)?.value, 'kv');
    });

    it('treats stray angle brackets and mismatched end tags as text or closes what they match', () => {
      const text = '<a>1 < 2 and 3 > 2 </ x<b></a><c/>';
      assert.deepEqual(at(text, '<b', 1)?.path, ['a', 'b']);
      assert.deepEqual(at(text, '<c', 1)?.path, ['c'], '</a> closed both a and b');
      const unmatched = at('<a></zz></a>', 'zz', 0);
      assert.equal(unmatched?.closing, true);
      assert.deepEqual(unmatched?.path, ['a', 'zz']);
    });

    it('skips NUL characters and other junk inside tags', () => {
      const text = "<domain\u0000 type='kvm' \u0001 \uFFFF id='2'>\u0000<name>n</name></domain>";
      assert.equal(at(text, 'type', 0)?.name, 'type');
      assert.equal(at(text, "'2'", 1)?.value, '2');
      assert.deepEqual(at(text, '<name', 1)?.path, ['domain', 'name']);
    });

    it('never throws on random bytes and returns only nodes that cover the position', () => {
      const alphabet = '<<>>/==\'""!?-[]ab xyz:_\u0000\n\t&;#\uD800\uDC00é中';
      const rnd = prng(42);
      for (let round = 0; round < 300; round++) {
        const len = Math.floor(rnd() * 400);
        let text = '';
        for (let i = 0; i < len; i++) text += alphabet[Math.floor(rnd() * alphabet.length)];
        const index = indexXml(text);
        assert.ok(index);
        for (let i = -1; i <= text.length + 1; i++) {
          const n = index.nodeAt(i);
          if (!n) continue;
          assert.ok(n.start <= i && i <= n.end, `node ${n.start}-${n.end} does not cover ${i}`);
          assert.ok(n.end <= text.length);
          assert.ok(n.path.length > 0 || n.kind === 'element');
        }
      }
    });

    it('rejects non-finite and out-of-range offsets', () => {
      const index = indexXml(DOMAIN)!;
      for (const offset of [-1, -Infinity, Infinity, NaN, DOMAIN.length + 5])
        assert.equal(index.nodeAt(offset), undefined);
      assert.equal(indexXml(undefined as unknown as string), undefined);
      assert.equal(indexXml(42 as unknown as string), undefined);
    });

    it('stays linear on deep nesting with many unmatched end tags', () => {
      // Used to scan the whole open-element stack per end tag: about 80 s for this document.
      const text = '<a>'.repeat(300_000) + '</b>'.repeat(270_000);
      assert.ok(text.length <= MAX_XML_LENGTH);
      const started = Date.now();
      const index = indexXml(text);
      assert.ok(Date.now() - started < 3000, `indexing took ${Date.now() - started} ms`);
      assert.equal(index?.root, 'a');
      assert.equal(index?.nodeAt(text.length - 2)?.closing, true);
      assert.equal(index?.nodeAt(text.length - 2)?.path.length, 300_001);
    });

    it('refuses documents over the size limit and indexes large ones below it', () => {
      const unit = "<disk type='file'><source file='/a'/></disk>\n";
      const big = `<domain><devices>${unit.repeat(Math.ceil((3 * 1024 * 1024) / unit.length))}</devices></domain>`;
      assert.ok(big.length > MAX_XML_LENGTH);
      assert.equal(indexXml(big), undefined);
      assert.equal(xmlNodeAt(big, 10), undefined);

      const large = `<domain><devices>${unit.repeat(Math.floor((MAX_XML_LENGTH - 100) / unit.length))}</devices></domain>`;
      assert.ok(large.length <= MAX_XML_LENGTH);
      const index = indexXml(large);
      assert.equal(index?.root, 'domain');
      const last = large.lastIndexOf("file='/a'");
      assert.deepEqual(index?.nodeAt(last)?.path, ['domain', 'devices', 'disk', 'source']);
    });
  });
});
