// The checks beyond the schema, each beside what libvirt itself does with the same document:
// `virsh define` on libvirt's test driver (the same domain parser and validation as the
// daemon's drivers, in process, no daemon needed) refuses it or changes it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDomain, qemuNamespaceInsertion, QEMU_NAMESPACE } from '../../src/core/libvirtXml/domainChecks';

function domain(body: string, rootAttrs = ''): string {
  return `<domain type='test'${rootAttrs}>\n  <name>checked</name>\n${body}\n  <os><type>hvm</type></os>\n</domain>\n`;
}
const MEMORY = "  <memory unit='MiB'>128</memory>";
const disk = (file: string, dev: string) =>
  `    <disk type='file' device='disk'><source file='${file}'/><target dev='${dev}' bus='virtio'/></disk>`;

/** What libvirt makes of a document: its error, or the XML it keeps. */
function libvirtDefine(xml: string): { ok: true; kept: string } | { ok: false; error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-define-'));
  try {
    const file = join(dir, 'd.xml');
    writeFileSync(file, xml);
    try {
      const kept = execFileSync('virsh', ['-c', 'test:///default', `define ${file}; dumpxml --inactive checked`], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 20_000,
      });
      return { ok: true, kept };
    } catch (e) {
      return { ok: false, error: String((e as { stderr?: string }).stderr ?? e) };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('domain checks beyond the schema, beside libvirt', () => {
  it('two disks with one target: libvirt refuses, the check points at the second and names the first', () => {
    const xml = domain(
      `${MEMORY}\n  <devices>\n${disk('/tmp/a.img', 'vda')}\n${disk('/tmp/b.img', 'vda')}\n  </devices>`,
    );
    const libvirt = libvirtDefine(xml);
    assert.equal(libvirt.ok, false);
    if (!libvirt.ok) assert.match(libvirt.error, /target 'vda' duplicated/);
    const [f, ...rest] = checkDomain(xml);
    assert.deepEqual(rest, []);
    assert.equal(f.code, 'duplicate-disk-target');
    assert.equal(xml.slice(f.start, f.end), 'vda');
    assert.ok(f.related && f.related.start < f.start);
    // Distinct targets: libvirt defines it and the check is quiet.
    const fixed = xml.replace(/dev='vda'(?![\s\S]*dev='vda')/, "dev='vdb'");
    assert.equal(libvirtDefine(fixed).ok, true);
    assert.deepEqual(checkDomain(fixed), []);
  });

  it('vcpu current above the count: libvirt refuses', () => {
    const xml = domain(`${MEMORY}\n  <vcpu current='4'>2</vcpu>`);
    const libvirt = libvirtDefine(xml);
    assert.equal(libvirt.ok, false);
    if (!libvirt.ok) assert.match(libvirt.error, /vCPU/);
    assert.deepEqual(
      checkDomain(xml).map((f) => [f.code, f.args]),
      [['vcpu-current-above-count', ['4', '2']]],
    );
    assert.deepEqual(checkDomain(domain(`${MEMORY}\n  <vcpu current='2'>4</vcpu>`)), []);
  });

  it('currentMemory above memory: libvirt lowers it silently, the check warns (units compared)', () => {
    const xml = domain(`${MEMORY}\n  <currentMemory unit='GiB'>1</currentMemory>`);
    const libvirt = libvirtDefine(xml);
    assert.equal(libvirt.ok, true);
    if (libvirt.ok) assert.match(libvirt.kept, /<currentMemory unit='KiB'>131072<\/currentMemory>/);
    const [f] = checkDomain(xml);
    assert.deepEqual([f.code, f.severity, f.args], ['current-memory-above-memory', 'warning', ['1048576', '131072']]);
    assert.deepEqual(checkDomain(domain(`${MEMORY}\n  <currentMemory unit='KiB'>131072</currentMemory>`)), []);
  });

  it('<commandline> without the qemu namespace: reported, and the quick fix inserts the declaration', () => {
    const xml = domain(`${MEMORY}\n  <commandline><arg value='-no-user-config'/></commandline>`);
    const [f] = checkDomain(xml);
    assert.equal(f.code, 'missing-qemu-namespace');
    const at = qemuNamespaceInsertion(xml)!;
    const fixed = xml.slice(0, at.offset) + at.text + xml.slice(at.offset);
    assert.match(fixed, new RegExp(`^<domain xmlns:qemu='${QEMU_NAMESPACE}' type='test'>`));
    const prefixed = fixed.replace(/<(\/?)commandline>/g, '<$1qemu:commandline>').replace(/<arg /, '<qemu:arg ');
    assert.deepEqual(checkDomain(prefixed), []);
  });

  it('two devices on one guest PCI address: found whatever the notation, functions and host addresses apart', () => {
    const nic = (addr: string) => `    <interface type='user'><model type='virtio'/>${addr}</interface>`;
    const usb = (addr: string) => `    <controller type='usb' model='ich9-ehci1'>${addr}</controller>`;
    const pci = (slot: string, fn = '0x0', bus = '0x00') =>
      `<address type='pci' domain='0x0000' bus='${bus}' slot='${slot}' function='${fn}'/>`;
    const devices = (...d: string[]) => domain(`${MEMORY}\n  <devices>\n${d.join('\n')}\n  </devices>`);
    // 0x0a and 10 are the same slot; the domain part may be left out.
    const xml = devices(nic(pci('0x0a')), usb("<address type='pci' bus='0' slot='10' function='0'/>"));
    const [f, ...rest] = checkDomain(xml);
    assert.deepEqual(rest, []);
    assert.deepEqual([f.code, f.args], ['duplicate-pci-address', ['0000:00:0a.0', 'controller', 'interface']]);
    assert.equal(xml.slice(f.start, f.end), '<address');
    assert.ok(f.related && f.related.start < f.start);
    // Other function of the slot, other bus, or an address libvirt chooses: nothing to say.
    assert.deepEqual(checkDomain(devices(nic(pci('0x0a')), usb(pci('0x0a', '0x1')))), []);
    assert.deepEqual(checkDomain(devices(nic(pci('0x0a')), usb(pci('0x0a', '0x0', '0x01')))), []);
    assert.deepEqual(checkDomain(devices(nic(pci('0x0a')), usb("<address type='pci'/>"))), []);
    // A hostdev's <source> address is the host's device, not a guest slot.
    const hostdev = `    <hostdev mode='subsystem' type='pci' managed='yes'><source>${pci('0x0a')}</source></hostdev>`;
    assert.deepEqual(checkDomain(devices(nic(pci('0x0a')), hostdev)), []);
  });

  it('says nothing about other documents', () => {
    assert.deepEqual(checkDomain('<network><name>n</name></network>'), []);
    assert.deepEqual(checkDomain(''), []);
  });
});
