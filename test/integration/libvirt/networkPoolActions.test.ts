// The network, storage pool and volume actions of the Virtual Machines view on a real libvirtd,
// on objects with hostile names made for the test: an isolated network (a bridge of its own, no
// forward) and a `dir` pool in a temporary folder. Stopping and deleting ask first, naming the
// object and the connection; a "no" changes nothing.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ActionOutcome as Outcome } from '../../../src/features/machines/desktop';
import type { PromptRecord as Prompt } from '../../../src/features/machines/prompts';
import type { VirtKitApi } from '../../../src/extension';
import { uniqueName, virsh } from '../../libvirt/guests';
import { activateExtension } from '../util';
import { libvirtUris } from './env';
import { networkXml, quietly } from './objects';

describe('Virtual Machines network, pool and volume actions on a real libvirtd', function () {
  this.timeout(180_000);
  const network = uniqueName(`vk net "q" $(x); 网 🚀`);
  const pool = uniqueName(`vk pool 'q' $(x); 池 🚀`);
  const volume = `vol "卷" $(touch x); 🚀.qcow2`;
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-pool-'));
  let uri: string;
  let api: VirtKitApi;
  const run = (id: string, target: Record<string, string>) =>
    vscode.commands.executeCommand<Outcome>(`virtkit.machines.${id}`, { uri, ...target });
  const answer = (answers: unknown[]) =>
    vscode.commands.executeCommand<Prompt[]>('virtkit.machines.test.answer', answers);
  const net = async () => (await api.inspectLibvirt(uri)).networks.find((n) => n.name === network);
  const thePool = async () => (await api.inspectLibvirt(uri)).pools.find((p) => p.name === pool);
  const askedNames = (asked: Prompt | undefined, ...names: string[]) =>
    assert.ok(asked && [...names, uri].every((n) => asked.message.includes(n)), JSON.stringify(asked));

  before(async () => {
    uri = libvirtUris().local;
    api = (await activateExtension()).exports as unknown as VirtKitApi;
    chmodSync(dir, 0o755);
    const file = join(dir, 'network.xml');
    writeFileSync(file, networkXml(network));
    await virsh('net-define', file);
    const target = join(dir, 'pool');
    await virsh('pool-define-as', '--name', pool, '--type', 'dir', '--target', target);
    await virsh('pool-build', '--pool', pool);
  });

  after(async () => {
    await answer([]);
    await quietly('vol-delete', '--pool', pool, '--vol', volume);
    await quietly('net-destroy', '--network', network);
    await quietly('net-undefine', '--network', network);
    await quietly('pool-destroy', '--pool', pool);
    await quietly('pool-undefine', '--pool', pool);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the network, shows its DHCP leases, turns autostart on and off', async () => {
    const n = { kind: 'network', name: network };
    await answer([]);
    const started = await run('network.start', n);
    assert.equal(started.ok, true, started.message);
    assert.equal((await net())?.active, true);
    const leases = await run('network.dhcpLeases', n);
    assert.equal(leases.ok, true, leases.message);
    // No guest on it, no addresses: virsh's table with its header and no rows.
    assert.match(leases.text ?? '', /MAC address/);
    assert.equal(leases.text, await virsh('net-dhcp-leases', '--network', network));
    assert.equal(vscode.window.activeTextEditor?.document.getText(), leases.text);
    assert.equal((await run('network.autostartOn', n)).ok, true);
    assert.equal((await net())?.autostart, true);
    assert.equal((await run('network.autostartOff', n)).ok, true);
    assert.equal((await net())?.autostart, false);
  });

  it('stops the network only after a yes to a question naming it and the connection', async () => {
    const n = { kind: 'network', name: network };
    await answer([false]);
    assert.equal((await run('network.stop', n)).cancelled, true);
    const [asked] = await answer([]);
    askedNames(asked, network);
    assert.equal((await net())?.active, true, 'a no changes nothing');
    await answer([true]);
    const stopped = await run('network.stop', n);
    assert.equal(stopped.ok, true, stopped.message);
    assert.equal((await net())?.active, false);
  });

  it('starts and refreshes the pool (a file put there outside libvirt becomes a volume)', async () => {
    const p = { kind: 'pool', name: pool };
    const started = await run('pool.start', p);
    assert.equal(started.ok, true, started.message);
    assert.equal((await thePool())?.active, true);
    const outside = `outside "卷" $(x); 🚀.img`;
    writeFileSync(join(dir, 'pool', outside), Buffer.alloc(4096));
    assert.deepEqual((await thePool())?.volumes, [], 'libvirt does not know it before a refresh');
    const refreshed = await run('pool.refresh', p);
    assert.equal(refreshed.ok, true, refreshed.message);
    assert.deepEqual((await thePool())?.volumes, [outside]);
    rmSync(join(dir, 'pool', outside));
    assert.equal((await run('pool.refresh', p)).ok, true);
    assert.deepEqual((await thePool())?.volumes, []);
  });

  it('creates a volume: name, size and a format from the daemon’s list', async () => {
    await answer([volume, '8M', 'qcow2']);
    const created = await run('volume.create', { kind: 'pool', name: pool });
    assert.equal(created.ok, true, created.message);
    const asked = await answer([]);
    assert.deepEqual(
      asked.map((a) => a.type),
      ['input', 'input', 'pick'],
    );
    assert.ok(asked[2].options?.includes('qcow2') && asked[2].options.includes('raw'), JSON.stringify(asked[2]));
    assert.deepEqual((await thePool())?.volumes, [volume]);
    const xml = await virsh('vol-dumpxml', '--pool', pool, '--vol', volume);
    assert.match(xml, /<format type='qcow2'\/>/);
    assert.match(xml, /<capacity unit='bytes'>8388608<\/capacity>/);
    assert.ok(existsSync(join(dir, 'pool', volume)));
  });

  it('deletes the volume only after a yes to a question naming it, its pool and the connection', async () => {
    const v = { kind: 'volume', name: volume, pool };
    await answer([false]);
    assert.equal((await run('volume.delete', v)).cancelled, true);
    const [asked] = await answer([]);
    askedNames(asked, volume, pool);
    assert.deepEqual((await thePool())?.volumes, [volume], 'a no changes nothing');
    assert.ok(existsSync(join(dir, 'pool', volume)));
    await answer([true]);
    const deleted = await run('volume.delete', v);
    assert.equal(deleted.ok, true, deleted.message);
    assert.deepEqual((await thePool())?.volumes, []);
    assert.ok(!existsSync(join(dir, 'pool', volume)));
  });

  it('stops the pool only after a yes to a question naming it and the connection', async () => {
    const p = { kind: 'pool', name: pool };
    await answer([false]);
    assert.equal((await run('pool.stop', p)).cancelled, true);
    const [asked] = await answer([]);
    askedNames(asked, pool);
    assert.equal((await thePool())?.active, true, 'a no changes nothing');
    await answer([true]);
    const stopped = await run('pool.stop', p);
    assert.equal(stopped.ok, true, stopped.message);
    assert.equal((await thePool())?.active, false);
  });
});
