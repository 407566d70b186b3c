// Host values in libvirt completion (src/core/libvirtXml/hostValues.ts): the answers of a real
// libvirt 9.0.0 host with QEMU 7.2 (Debian 12), captured with `virsh -c qemu:///system
// domcapabilities` and `virsh capabilities` into test/fixtures/libvirt-host (the <host> part of
// the latter left out), parsed and offered beside the schema's values.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostFindings, hostRuleAt, parseHostValues } from '../../src/core/libvirtXml/hostValues';
import { schemaCompletions } from '../../src/core/libvirtXml/schemaCompletion';
import { LibvirtSchemaModel, readSchemaTexts } from '../../src/core/libvirtXml/schemaModel';
import { nodeSchemaLoader } from '../../src/core/validation/nodeSchemaLoader';
import { repoRoot } from './support/libvirtSnippetDocuments';

const fixture = (name: string) => readFileSync(join(repoRoot, 'test/fixtures/libvirt-host', name), 'utf8');
const domcaps = fixture('domcapabilities.xml');
const caps = fixture('capabilities.xml');

/** The `<value>`s of `<enum name="NAME">` in the captured domcapabilities, read with a regex. */
function enumIn(section: string, name: string): string[] {
  const part = new RegExp(`<${section}\\b[\\s\\S]*?</${section}>`).exec(domcaps)?.[0] ?? '';
  const en = new RegExp(`<enum name='${name}'>([\\s\\S]*?)</enum>`).exec(part)?.[1] ?? '';
  return [...en.matchAll(/<value>([^<]*)<\/value>/g)].map((m) => m[1]);
}

describe('libvirt completion with host values', () => {
  const host = parseHostValues('qemu:///system', domcaps, caps);
  let model: LibvirtSchemaModel;
  before(async () => {
    const loader = nodeSchemaLoader({
      schemaDir: join(repoRoot, 'data/libvirt-schemas'),
      wasmFile: join(repoRoot, 'dist/libxml2.wasm'),
      label: 'bundled',
    });
    model = new LibvirtSchemaModel('domain.rng', await readSchemaTexts('domain.rng', (n) => loader.read(n)));
  });

  it('reads machine types, usable CPU models, firmware, buses, video models and hostdev modes', () => {
    assert.equal(host.arch, 'x86_64');
    const machines = hostRuleAt(host, ['domain', 'os', 'type'], 'machine')!.values;
    assert.ok(machines.includes('q35') && machines.some((m) => /^pc-q35-/.test(m)), machines.join(' '));
    assert.ok(!machines.includes('virt'), 'no machine of another architecture');
    const cpus = hostRuleAt(host, ['domain', 'cpu', 'model'], undefined)!.values;
    const usable = [...domcaps.matchAll(/<model usable='yes'[^>]*>([^<]+)<\/model>/g)].map((m) => m[1]);
    assert.deepEqual([...cpus].sort(), [...new Set(usable)].sort());
    assert.deepEqual(hostRuleAt(host, ['domain', 'devices', 'disk', 'target'], 'bus')!.values, enumIn('disk', 'bus'));
    assert.deepEqual(
      hostRuleAt(host, ['domain', 'devices', 'video', 'model'], 'type')!.values,
      enumIn('video', 'modelType'),
    );
    assert.deepEqual(hostRuleAt(host, ['domain', 'devices', 'hostdev'], 'mode')!.values, enumIn('hostdev', 'mode'));
    assert.ok(hostRuleAt(host, ['domain', 'os', 'loader'], undefined)!.values.some((v) => v.startsWith('/')));
  });

  it('offers the host’s machine types where the schema leaves the value open', () => {
    const text = "<domain type='kvm'><os><type arch='x86_64' machine=''>hvm</type></os></domain>";
    const items = schemaCompletions(model, text, text.indexOf("machine=''") + 9, host);
    assert.ok(items.some((i) => i.label === 'q35' && i.host === 'offered'));
    const plain = schemaCompletions(model, text, text.indexOf("machine=''") + 9);
    assert.ok(!plain.some((i) => i.label === 'q35' || i.host), 'no host values without a host');
    // The schema's own machine values (Xen's) are not this QEMU host's.
    assert.ok(items.some((i) => i.label === 'xenpvh' && i.host === 'unsupported'));
  });

  it('marks the schema’s values the host does not support, and offers usable CPU models as text', () => {
    const text =
      "<domain type='kvm'><devices><disk><target dev='vda' bus=''/></disk></devices><cpu><model></model></cpu></domain>";
    const buses = schemaCompletions(model, text, text.indexOf("bus=''") + 5, host);
    const supported = enumIn('disk', 'bus');
    for (const b of buses) assert.equal(b.host, supported.includes(b.label) ? 'offered' : 'unsupported', b.label);
    assert.ok(
      buses.some((b) => b.host === 'unsupported'),
      'the schema has buses this host lacks (xen, uml)',
    );
    const cpus = schemaCompletions(model, text, text.indexOf('<model>') + 7, host);
    const usable = new Set([...domcaps.matchAll(/<model usable='yes'[^>]*>([^<]+)<\/model>/g)].map((m) => m[1]));
    assert.ok(usable.size > 0);
    assert.deepEqual(new Set(cpus.map((c) => c.label)), usable);
    assert.ok(cpus.every((c) => c.host === 'offered'));
  });

  it('ignores what is not domcapabilities, and documents that are not domains', () => {
    assert.deepEqual(parseHostValues('x', '<capabilities/>').rules, []);
    assert.equal(hostRuleAt(host, ['network', 'os', 'type'], 'machine'), undefined);
  });
});

describe('libvirt host findings', () => {
  const host = parseHostValues(
    'qemu:///system',
    readFileSync(join(repoRoot, 'test/fixtures/libvirt-host/domcapabilities.xml'), 'utf8'),
    readFileSync(join(repoRoot, 'test/fixtures/libvirt-host/capabilities.xml'), 'utf8'),
  );

  it('reports a machine type, a disk bus and a video model the host lacks, at their values', () => {
    const text =
      "<domain type='kvm'><os><type arch='x86_64' machine='pc-q35-99.0'>hvm</type></os><devices>" +
      "<disk type='file'><target dev='xvda' bus='xen'/></disk><disk type='file'><target dev='vda' bus='virtio'/></disk>" +
      "<video><model type='vga'/></video><video><model type='gop'/></video></devices></domain>";
    const found = hostFindings(text, host);
    assert.deepEqual(
      found.map((f) => `${f.element}@${f.attribute}=${f.value}`),
      ['type@machine=pc-q35-99.0', 'target@bus=xen', 'model@type=gop'],
    );
    for (const f of found) assert.equal(text.slice(f.start, f.end), f.value);
    assert.ok(found[1].supported.includes('virtio'));
  });

  it('says nothing about documents that are not domains, or values the host has', () => {
    assert.deepEqual(hostFindings("<network><forward mode='nat'/></network>", host), []);
    assert.deepEqual(hostFindings("<domain><os><type machine='q35'>hvm</type></os></domain>", host), []);
  });
});
