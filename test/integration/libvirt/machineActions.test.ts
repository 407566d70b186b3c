// The Virtual Machines actions on a real libvirtd, driven with the argument object on a real TCG
// guest with a hostile name: start; force off refused (nothing changes) and then confirmed, the
// question naming the domain and the connection; snapshot create, revert and delete; undefine
// keeping its disk. Prompts are answered through the test-mode seam (virtkit.machines.test.answer).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ActionOutcome as Outcome } from '../../../src/features/machines/desktop';
import type { PromptRecord as Prompt } from '../../../src/features/machines/prompts';
import type { VirtKitApi } from '../../../src/extension';
import { activateExtension } from '../util';
import { libvirtUris } from './env';

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

describe('Virtual Machines actions on a real libvirtd', function () {
  this.timeout(180_000);
  const name = `vk act "域" $(touch x); 🚀 ${process.pid}`;
  let uri: string;
  let api: VirtKitApi;
  let dir: string;
  const virsh = (...args: string[]) =>
    execFileSync('virsh', ['-c', uri, ...args], { encoding: 'utf8', timeout: 60_000 });
  const act = (id: string, extra: Record<string, string> = {}) =>
    vscode.commands.executeCommand<Outcome>(`virtkit.machines.${id}`, { uri, kind: 'domain', name, ...extra });
  const answer = (answers: unknown[]) =>
    vscode.commands.executeCommand<Prompt[]>('virtkit.machines.test.answer', answers);
  const state = async () => (await api.inspectLibvirt(uri)).domains.find((d) => d.name === name)?.state;

  before(async () => {
    uri = libvirtUris().local;
    api = (await activateExtension()).exports as unknown as VirtKitApi;
    dir = mkdtempSync(join(tmpdir(), 'virtkit-actions-'));
    chmodSync(dir, 0o755);
    const disk = join(dir, 'disk.qcow2');
    execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '64M']);
    const file = join(dir, 'domain.xml');
    writeFileSync(
      file,
      `<domain type='qemu'><name>${xmlText(name)}</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>` +
        `<os><type arch='x86_64' machine='pc'>hvm</type></os><devices>` +
        `<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='${disk}'/><target dev='vda' bus='virtio'/></disk>` +
        `<serial type='pty'/><console type='pty'/></devices></domain>`,
    );
    virsh('define', file);
  });
  after(() => {
    try {
      virsh('destroy', '--domain', name);
    } catch {
      /* not running */
    }
    try {
      virsh('undefine', '--domain', name, '--snapshots-metadata');
    } catch {
      /* already gone */
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts it; force off asks first, naming the domain and the connection, and a no changes nothing', async () => {
    await answer([]);
    assert.equal((await act('domain.start')).ok, true);
    assert.equal(await state(), 'running');

    await answer([false]);
    const refused = await act('domain.destroy');
    assert.equal(refused.cancelled, true);
    const [asked] = await answer([]);
    assert.ok(asked && asked.message.includes(name) && asked.message.includes(uri), JSON.stringify(asked));
    assert.equal(await state(), 'running', 'refused: still running');

    await answer([true]);
    assert.equal((await act('domain.destroy')).ok, true);
    assert.equal(await state(), 'shutoff');
  });

  it('creates, reverts to and deletes a snapshot', async () => {
    const snap = `snap "一" ${process.pid}`;
    await answer([snap, 'made by the test']);
    const created = await act('snapshot.create');
    assert.equal(created.ok, true, created.message);
    assert.ok(virsh('snapshot-list', '--domain', name, '--name').includes(snap));
    await answer([true]);
    const reverted = await vscode.commands.executeCommand<Outcome>('virtkit.machines.snapshot.revert', {
      uri,
      kind: 'snapshot',
      name: snap,
      domain: name,
    });
    assert.equal(reverted.ok, true, reverted.message);
    await answer([true]);
    const deleted = await vscode.commands.executeCommand<Outcome>('virtkit.machines.snapshot.delete', {
      uri,
      kind: 'snapshot',
      name: snap,
      domain: name,
    });
    assert.equal(deleted.ok, true, deleted.message);
    assert.ok(!virsh('snapshot-list', '--domain', name, '--name').includes(snap));
  });

  it('undefines it, keeping its disk', async () => {
    await answer([0, true, true]);
    const r = await act('domain.undefine');
    assert.equal(r.ok, true, r.message);
    assert.equal(await state(), undefined);
    execFileSync('qemu-img', ['info', join(dir, 'disk.qcow2')]);
  });
});
