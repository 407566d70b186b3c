// A domain named like another domain's ID, on a real libvirtd. virsh reads a domain argument as
// an ID first, so `virsh destroy 7` stops the running domain with ID 7 even when a domain named
// "7" exists. The view, the read model and every action must work on the domain the person
// named: the one called "7", never the running guest whose ID is 7.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ActionOutcome as Outcome } from '../../../src/features/machines/desktop';
import type { VirtKitApi } from '../../../src/extension';
import { scratchDisk, tcgDomainXml, uniqueName, virsh } from '../../libvirt/guests';
import { activateExtension, waitFor } from '../util';
import { libvirtUris } from './env';
import { quietly } from './objects';

describe('a domain named like another domain’s ID, on a real libvirtd', function () {
  this.timeout(180_000);
  const guest = uniqueName('vk-id-guest');
  let numeric = '';
  let uri: string;
  let api: VirtKitApi;
  const disks: ReturnType<typeof scratchDisk>[] = [];
  const act = (id: string, name: string) =>
    vscode.commands.executeCommand<Outcome>(`virtkit.machines.${id}`, { uri, kind: 'domain', name });
  const answer = (answers: unknown[]) => vscode.commands.executeCommand('virtkit.machines.test.answer', answers);
  const stateOf = async (name: string) => (await api.inspectLibvirt(uri)).domains.find((d) => d.name === name)?.state;
  const define = async (name: string) => {
    const disk = scratchDisk();
    disks.push(disk);
    writeFileSync(`${disk.path}.xml`, tcgDomainXml(name, disk.path));
    await virsh('define', `${disk.path}.xml`);
  };

  before(async function () {
    uri = libvirtUris().local;
    api = (await activateExtension()).exports as unknown as VirtKitApi;
    await define(guest);
    await virsh('start', '--domain', guest);
    numeric = (await virsh('domid', '--domain', guest)).trim();
    assert.match(numeric, /^\d+$/);
    // Another session may own a domain with that name already: then this case cannot be set up.
    if ((await api.inspectLibvirt(uri)).domains.some((d) => d.name === numeric)) this.skip();
    await define(numeric);
  });

  after(async () => {
    await answer([]);
    for (const n of [guest, numeric].filter(Boolean)) {
      await quietly('destroy', '--domain', n === numeric ? await uuidOf(n) : n);
      await quietly('undefine', '--domain', n === numeric ? await uuidOf(n) : n);
    }
    for (const d of disks) d.remove();
  });

  /** The UUID of the domain called `name`, read without virsh's ID-first lookup. */
  async function uuidOf(name: string): Promise<string> {
    const line = (await virsh('list', '--all', '--uuid', '--name')).split('\n').find((l) => l.slice(37) === name);
    return line?.slice(0, 36) ?? name;
  }

  it('reads both: the running guest and the shut-off domain named after its ID', async () => {
    assert.equal(await stateOf(guest), 'running');
    assert.equal(await stateOf(numeric), 'shutoff');
  });

  it('opens the definition of the domain named after the ID, not the guest’s', async () => {
    const opened = await vscode.commands.executeCommand<string>('virtkit.libvirt.openDefinition', {
      uri,
      kind: 'domain',
      name: numeric,
    });
    const doc = await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened),
      'the libvirt: document',
    );
    assert.match(doc.getText(), new RegExp(`<name>${numeric}</name>`));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('says the domain named after the ID is not running instead of opening a console that closes at once', async () => {
    const r = await vscode.commands.executeCommand<Outcome>('virtkit.machines.domain.console', {
      uri,
      kind: 'domain',
      name: numeric,
    });
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.match(r.message ?? '', /not running \(shut off\)/);
    assert.ok(!vscode.window.terminals.some((t) => t.name === `Console: ${numeric}`), 'a console terminal was opened');
  });

  it('force off of the domain named after the ID does not touch the running guest', async () => {
    await answer([true]);
    const r = await act('domain.destroy', numeric);
    // The named domain is not running: libvirt refuses, and says so.
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.match(r.message ?? '', /not running/i);
    assert.equal(await stateOf(guest), 'running', 'the guest with that ID was stopped');
  });

  it('starts and stops the domain named after the ID, and only it', async () => {
    await answer([]);
    assert.equal((await act('domain.start', numeric)).ok, true);
    assert.equal(await stateOf(numeric), 'running');
    await answer([true]);
    assert.equal((await act('domain.destroy', numeric)).ok, true);
    assert.equal(await stateOf(numeric), 'shutoff');
    assert.equal(await stateOf(guest), 'running');
  });
});
