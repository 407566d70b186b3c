// The core's definition functions against a real libvirtd: a storage pool defined from XML
// (hostile name), read back, redefined, refused, and a volume created in it for a new domain.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createVolume, defineDefinition, readDefinition } from '../../src/core/libvirt/definitions';
import { libvirtUri, uniqueName, virsh } from './guests';

describe('libvirt definitions on libvirtd (qemu:///system)', () => {
  const pool = uniqueName(`vk pool "池" 🚀`);
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-pool-'));
  const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const poolXml = (extra = '') =>
    `<pool type='dir'>\n  <name>${xmlText(pool)}</name>\n${extra}  <target>\n    <path>${dir}</path>\n  </target>\n</pool>\n`;

  after(async () => {
    await virsh('pool-destroy', '--pool', pool).catch(() => undefined);
    await virsh('pool-undefine', '--pool', pool).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('defines a pool, reports the element libvirt dropped, and reads it back', async () => {
    const r = await defineDefinition(libvirtUri(), 'pool', poolXml('  <bogus/>\n'));
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.name, pool);
    assert.deepEqual(
      r.changes.filter((c) => c.kind === 'removed').map((c) => c.path),
      ['/pool/bogus'],
    );
    const back = await readDefinition({ uri: libvirtUri(), kind: 'pool', name: pool });
    assert.ok(back.ok);
    assert.equal(back.xml, r.stored);
  });

  it('refuses a broken definition with the line libvirt names', async () => {
    const r = await defineDefinition(libvirtUri(), 'pool', poolXml().replace('</target>', '</targte>'));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.failure, 'refused');
    assert.equal(r.location?.line, 5, r.error);
  });

  it('says a missing object is not found', async () => {
    const r = await readDefinition({ uri: libvirtUri(), kind: 'domain', name: uniqueName('vk-missing') });
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.failure, 'not-found');
  });

  it('creates a qcow2 volume for a new domain and gives its path', async () => {
    await virsh('pool-start', '--pool', pool);
    const r = await createVolume(libvirtUri(), pool, 'disk one.qcow2', 1);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.path, join(dir, 'disk one.qcow2'));
    assert.ok(existsSync(r.path));
    const again = await createVolume(libvirtUri(), pool, 'disk one.qcow2', 1);
    assert.equal(again.ok, false, 'an existing volume is not replaced');
  });
});
