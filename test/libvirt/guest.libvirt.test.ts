// The core's read model against a real libvirtd: a TCG guest defined, started and stopped with
// virsh is seen by inspectLibvirt in each state, locally and through qemu+ssh://.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectLibvirt } from '../../src/core/libvirt/inspect';
import { libvirtUri, scratchDisk, sshUri, tcgDomainXml, uniqueName, virsh } from './guests';

describe('a real guest on libvirtd (qemu:///system)', () => {
  const name = uniqueName('virtkit-guest');
  const disk = scratchDisk();
  after(async () => {
    await virsh('destroy', name).catch(() => undefined);
    await virsh('undefine', name).catch(() => undefined);
    disk.remove();
  });

  it('defines, starts and stops a TCG guest, each state seen by inspectLibvirt', async () => {
    const file = join(disk.path, '..', 'domain.xml');
    writeFileSync(file, tcgDomainXml(name, disk.path));
    await virsh('define', file);
    const find = async (uri: string) => (await inspectLibvirt(uri)).domains.find((d) => d.name === name);

    let d = await find(libvirtUri());
    assert.equal(d?.state, 'shutoff');
    assert.equal(d?.persistent, true);
    assert.equal(d?.memoryKiB, 128 * 1024);

    await virsh('start', name);
    d = await find(libvirtUri());
    assert.equal(d?.state, 'running');
    assert.equal((await find(sshUri()))?.state, 'running', 'the same guest over qemu+ssh://');

    await virsh('destroy', name);
    assert.equal((await find(libvirtUri()))?.state, 'shutoff');
  });
});
