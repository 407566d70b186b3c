// The checks beyond the schema (src/core/libvirtXml/domainChecks.ts) beside what the real
// daemon's QEMU driver does with the same documents: refuses them, or keeps something other
// than what was written. (test/unit/domainChecks.unit.test.ts does the same on libvirt's test
// driver, which, unlike the daemon, assigns no PCI addresses and so accepts duplicates.)
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDomain } from '../../src/core/libvirtXml/domainChecks';
import { uniqueName, virsh } from './guests';

const name = uniqueName('virtkit-checks');
const domain = (body: string, rootAttrs = '') =>
  `<domain type='qemu'${rootAttrs}>\n  <name>${name}</name>\n  <memory unit='MiB'>128</memory>\n${body}\n  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n</domain>\n`;

/** `virsh define` on the daemon: its error, or the definition it kept (then undefined again). */
async function define(xml: string): Promise<{ ok: true; kept: string } | { ok: false; error: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-checks-'));
  try {
    const file = join(dir, 'domain.xml');
    writeFileSync(file, xml);
    try {
      await virsh('define', file);
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
    const kept = await virsh('dumpxml', '--inactive', name);
    await virsh('undefine', name);
    return { ok: true, kept };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const codes = (xml: string) => checkDomain(xml).map((f) => f.code);

describe('domain checks beside the real libvirtd (QEMU driver)', () => {
  after(() => virsh('undefine', name).catch(() => undefined));

  it('two devices on one PCI address: the daemon refuses, the check reports it', async () => {
    const xml = domain(`  <devices>
    <interface type='user'><model type='virtio'/><address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></interface>
    <controller type='usb' model='ich9-ehci1'><address type='pci' bus='0' slot='5' function='0'/></controller>
  </devices>`);
    const r = await define(xml);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /double use of PCI Address 0000:00:05\.0/);
    assert.deepEqual(codes(xml), ['duplicate-pci-address']);
    const fixed = xml.replace("slot='5'", "slot='6'");
    assert.equal((await define(fixed)).ok, true);
    assert.deepEqual(codes(fixed), []);
  });

  it('two disks with one target: the daemon refuses', async () => {
    const disk = (f: string) =>
      `    <disk type='file' device='disk'><source file='/var/lib/libvirt/images/${f}'/><target dev='vda' bus='virtio'/></disk>`;
    const xml = domain(`  <devices>\n${disk('a.img')}\n${disk('b.img')}\n  </devices>`);
    const r = await define(xml);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /target 'vda' duplicated/);
    assert.deepEqual(codes(xml), ['duplicate-disk-target']);
  });

  it('vcpu current above the count: the daemon refuses', async () => {
    const xml = domain("  <vcpu current='4'>2</vcpu>");
    const r = await define(xml);
    assert.equal(r.ok, false);
    assert.deepEqual(codes(xml), ['vcpu-current-above-count']);
  });

  it('currentMemory above memory: the daemon lowers it without a word', async () => {
    const xml = domain("  <currentMemory unit='MiB'>256</currentMemory>");
    const r = await define(xml);
    assert.equal(r.ok, true);
    if (r.ok) assert.match(r.kept, /<currentMemory unit='KiB'>131072<\/currentMemory>/);
    assert.deepEqual(codes(xml), ['current-memory-above-memory']);
  });

  it('<commandline> without the qemu namespace: the daemon drops it without a word', async () => {
    const xml = domain("  <commandline><arg value='-no-reboot'/></commandline>");
    const r = await define(xml);
    assert.equal(r.ok, true);
    if (r.ok) assert.doesNotMatch(r.kept, /commandline|-no-reboot/);
    assert.deepEqual(codes(xml), ['missing-qemu-namespace']);
    // Declared and prefixed, the daemon keeps it and the check is quiet.
    const ns = " xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'";
    const good = domain("  <qemu:commandline><qemu:arg value='-no-reboot'/></qemu:commandline>", ns);
    const kept = await define(good);
    assert.equal(kept.ok, true);
    if (kept.ok) assert.match(kept.kept, /<qemu:arg value='-no-reboot'\/>/);
    assert.deepEqual(codes(good), []);
  });
});
