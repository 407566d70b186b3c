// The structural XML comparison (src/core/libvirt/xmlDiff.ts) on what a real libvirt did to
// definitions (test/fixtures/libvirt-define, captured from libvirt 9.0.0), and on small cases.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { countChanges, describeChange, diffXml, parseXml, XmlParseError } from '../../src/core/libvirt/xmlDiff';

const dir = resolve(__dirname, '../../test/fixtures/libvirt-define');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

describe('xmlDiff: what libvirt did to a domain (captured)', () => {
  const changes = diffXml(read('submitted-domain.xml'), read('stored-domain.xml'));
  const find = (kind: string, path: string) => changes.find((c) => c.kind === kind && c.path === path);

  it('reports the unknown element libvirt dropped, at its line', () => {
    const c = find('removed', '/domain/devices/bogus');
    assert.ok(c, changes.map(describeChange).join('\n'));
    assert.equal(c.what, 'element');
    assert.equal(c.line, 9);
    assert.equal(c.before, '<bogus/>');
  });

  it('reports the unknown attribute and the comment libvirt dropped', () => {
    assert.equal(find('removed', '/domain/vcpu/@colour')?.before, 'blue');
    const comment = changes.find((c) => c.what === 'comment');
    assert.equal(comment?.kind, 'removed');
    assert.equal(comment?.before, 'a note libvirt does not keep');
  });

  it('calls 1 GiB written as 1048576 KiB normalised, not a change', () => {
    const c = find('normalised', '/domain/memory');
    assert.deepEqual([c?.before, c?.after], ['1 GiB', '1048576 KiB']);
    assert.ok(!changes.some((x) => x.path.startsWith('/domain/memory/@')), 'the unit is part of the one change');
  });

  it('calls currentMemory lowered to memory a change', () => {
    const c = find('changed', '/domain/currentMemory');
    assert.deepEqual([c?.before, c?.after], ['2 GiB', '1048576 KiB']);
  });

  it('calls the machine type libvirt expanded a change, and its defaults added', () => {
    assert.equal(find('changed', '/domain/os/type/@machine')?.after, 'pc-i440fx-7.2');
    assert.ok(find('added', '/domain/uuid'));
    assert.ok(find('added', '/domain/devices/emulator'));
    assert.ok(find('added', '/domain/vcpu/@placement'));
    // The serial port was kept (paired, not removed and added again).
    assert.ok(!find('removed', '/domain/devices/serial'));
  });

  it('counts each kind', () => {
    const n = countChanges(changes);
    assert.equal(n.removed, 3);
    assert.equal(n.normalised, 1);
    assert.equal(n.changed, 2);
    assert.ok(n.added > 5);
  });
});

describe('xmlDiff: a network (captured)', () => {
  it('reports the dropped element and nothing else removed', () => {
    const changes = diffXml(read('submitted-network.xml'), read('stored-network.xml'));
    const removed = changes.filter((c) => c.kind === 'removed');
    assert.deepEqual(
      removed.map((c) => c.path),
      ['/network/frobnicate'],
    );
    assert.ok(changes.some((c) => c.kind === 'added' && c.path === '/network/mac'));
  });
});

describe('xmlDiff: small cases', () => {
  it('finds nothing between a document and itself, however written', () => {
    const a = `<domain type="kvm"><name>x</name><devices><disk type='file' device='disk'/></devices></domain>`;
    const b = `<domain type='kvm'>\n  <name>x</name>\n  <devices>\n    <disk device="disk" type="file"></disk>\n  </devices>\n</domain>\n`;
    assert.deepEqual(diffXml(a, b), []);
  });

  it('pairs reordered devices by likeness, not position', () => {
    const a = `<d><devices><disk><target dev='vda'/><source file='/a'/></disk><disk><target dev='vdb'/><source file='/b'/></disk></devices></d>`;
    const b = `<d><devices><disk><target dev='vdb'/><source file='/b'/></disk><disk><target dev='vda'/><source file='/a'/><x/></disk></devices></d>`;
    const changes = diffXml(a, b);
    assert.deepEqual(
      changes.map((c) => `${c.kind} ${c.path}`),
      ['added /d/devices/disk[1]/x'],
    );
  });

  it('reports a removed disk among two with its index', () => {
    const a = `<d><devices><disk><target dev='vda'/></disk><disk><target dev='vdb'/></disk></devices></d>`;
    const b = `<d><devices><disk><target dev='vda'/></disk></devices></d>`;
    const [c] = diffXml(a, b);
    assert.equal(c.kind, 'removed');
    assert.equal(c.path, '/d/devices/disk[2]');
    assert.match(c.before ?? '', /^<disk>…<\/disk>$/);
  });

  it('expands entities and CDATA, so equal values spelt differently are equal', () => {
    assert.deepEqual(diffXml(`<d a='&quot;&#x41;'><t>&lt;x&gt;</t></d>`, `<d a='"A'><t><![CDATA[<x>]]></t></d>`), []);
  });

  it('keeps hostile text as text', () => {
    const name = `a "b" $(rm -rf /); 中文 🚀 &`;
    const esc = name.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    assert.equal(parseXml(`<domain><name>${esc}</name></domain>`).children[0].text, name);
    const [c] = diffXml(`<domain><name>${esc}</name></domain>`, `<domain><name>other</name></domain>`);
    assert.equal(c.before, name);
  });

  it('refuses a DOCTYPE and broken XML', () => {
    assert.throws(() => parseXml(`<!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>`), XmlParseError);
    assert.throws(() => parseXml(`<a><b></a>`), XmlParseError);
    assert.throws(() => parseXml(`<a>`), XmlParseError);
    assert.throws(() => parseXml(`<a/><b/>`), XmlParseError);
  });
});
