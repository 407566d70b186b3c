// The rest of the domain actions of the Virtual Machines view on a real libvirtd, each driven
// with the argument object { uri, kind, name } on a real TCG guest with a hostile name (spaces,
// quotes, `$()`, `;`, CJK, emoji) and checked against libvirt itself: shut down and reboot (ACPI
// on a guest without an OS: libvirt must accept the request), pause/resume, save/restore,
// autostart on/off, the graphics address, the QEMU command line, the serial console in the
// terminal, the QEMU log following new lines, and clone (with its disk).
import * as assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ActionOutcome as Outcome } from '../../../src/features/machines/desktop';
import type { PromptRecord as Prompt } from '../../../src/features/machines/prompts';
import type { VirtKitApi } from '../../../src/extension';
import { scratchDisk, tcgDomainXml, uniqueName, virsh } from '../../libvirt/guests';
import { activateExtension, waitFor } from '../util';
import { libvirtUris } from './env';
import { quietly } from './objects';

describe('Virtual Machines domain actions on a real libvirtd', function () {
  this.timeout(240_000);
  const name = uniqueName(`vk dom "域" $(touch x); 🚀`);
  const clone = `${name} 克隆`;
  let uri: string;
  let api: VirtKitApi;
  let disk: ReturnType<typeof scratchDisk>;
  const act = (id: string) =>
    vscode.commands.executeCommand<Outcome>(`virtkit.machines.${id}`, { uri, kind: 'domain', name });
  const answer = (answers: unknown[]) =>
    vscode.commands.executeCommand<Prompt[]>('virtkit.machines.test.answer', answers);
  const domain = async (n = name) => (await api.inspectLibvirt(uri)).domains.find((d) => d.name === n);
  const state = async () => (await domain())?.state;
  const logPath = () => `/var/log/libvirt/qemu/${name}.log`;

  before(async () => {
    uri = libvirtUris().local;
    api = (await activateExtension()).exports as unknown as VirtKitApi;
    disk = scratchDisk();
    const file = `${disk.path}.xml`;
    // VNC with a port libvirt picks, on 127.0.0.1 only.
    const xml = tcgDomainXml(name, disk.path).replace(
      /<graphics [^>]*\/>/,
      `<graphics type='vnc' port='-1' listen='127.0.0.1'/>`,
    );
    assert.ok(xml.includes(`port='-1'`));
    writeFileSync(file, xml);
    await virsh('define', file);
  });

  after(async () => {
    await answer([]);
    for (const n of [name, clone]) {
      await quietly('destroy', '--domain', n);
      await quietly('undefine', '--domain', n, '--managed-save', '--snapshots-metadata');
    }
    for (const n of [name, clone]) rmSync(`/var/log/libvirt/qemu/${n}.log`, { force: true });
    for (const t of vscode.window.terminals) if (t.creationOptions.name?.includes(name)) t.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    disk.remove();
  });

  it('starts it, then shut down and reboot are sent through ACPI and libvirt accepts them', async () => {
    await answer([]);
    assert.equal((await act('domain.start')).ok, true);
    assert.equal(await state(), 'running');
    const down = await act('domain.shutdown');
    assert.equal(down.ok, true, down.message);
    // No OS answers ACPI: the guest keeps running (or is on its way down); libvirt took the request.
    assert.ok(['running', 'shutdown', 'shutoff'].includes((await state()) ?? ''), await state());
    if ((await state()) !== 'running') await act('domain.start');
    const reboot = await act('domain.reboot');
    assert.equal(reboot.ok, true, reboot.message);
    assert.equal(await state(), 'running');
    assert.deepEqual(await answer([]), [], 'neither asks a question');
  });

  it('pauses and resumes it', async () => {
    assert.equal((await act('domain.suspend')).ok, true);
    assert.equal(await state(), 'paused');
    assert.equal((await act('domain.resume')).ok, true);
    assert.equal(await state(), 'running');
  });

  it('copies the graphics address libvirt reports (VNC on 127.0.0.1)', async () => {
    const r = await act('domain.display');
    assert.equal(r.ok, true, r.message);
    assert.match(r.text ?? '', /^vnc:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(r.text, (await virsh('domdisplay', '--domain', name)).trim());
    assert.equal(await vscode.env.clipboard.readText(), r.text);
  });

  it('shows the QEMU command line libvirt runs for it', async () => {
    const r = await act('domain.qemuArgv');
    assert.equal(r.ok, true, r.message);
    assert.match(r.text ?? '', /qemu-system-x86_64/);
    assert.ok(r.text?.includes(`guest=${name}`), r.text);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), r.text);
  });

  it('opens the serial console in the terminal: virsh with an argument list, no shell', async () => {
    const before = vscode.window.terminals.length;
    const r = await act('domain.console');
    assert.equal(r.ok, true, r.message);
    const terminal = await waitFor(
      () => vscode.window.terminals.slice(before).find((t) => t.name === r.text),
      'the console terminal',
    );
    const options = terminal.creationOptions as vscode.TerminalOptions;
    assert.equal(options.shellPath, 'virsh');
    assert.deepEqual(options.shellArgs, ['-c', uri, 'console', '--domain', name]);
    assert.ok(terminal.name.includes(name));
    terminal.dispose();
  });

  it('opens the QEMU log, which follows the lines QEMU adds', async () => {
    const r = await act('domain.log');
    assert.equal(r.ok, true, r.message);
    assert.equal(r.text, logPath());
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc && doc.uri.path === logPath(), doc?.uri.toString());
    assert.match(doc.getText(), /starting up/);
    const count = (doc.getText().match(/shutting down/g) ?? []).length;
    // Outside the extension: QEMU writes a line when it is stopped.
    await virsh('destroy', '--domain', name);
    await waitFor(
      () => (doc.getText().match(/shutting down/g) ?? []).length > count || undefined,
      'the new log line in the open document',
      10_000,
    );
    assert.equal(doc.uri.scheme, 'virtkit-qemu-log');
    assert.equal(doc.isDirty, false);
  });

  it('saves its state and restores it (libvirt managed save); no restore without a saved state', async () => {
    assert.equal(await state(), 'shutoff');
    const nothing = await act('domain.restore');
    assert.equal(nothing.ok, false);
    assert.ok(nothing.message?.includes(name) && nothing.message.includes(uri), nothing.message);
    assert.equal(await state(), 'shutoff', 'not booted under the name of a restore');
    assert.equal((await act('domain.start')).ok, true);
    const saved = await act('domain.save');
    assert.equal(saved.ok, true, saved.message);
    assert.equal(await state(), 'shutoff');
    assert.match(await virsh('dominfo', '--domain', name), /Managed save:\s+yes/);
    const restored = await act('domain.restore');
    assert.equal(restored.ok, true, restored.message);
    assert.equal(await state(), 'running');
    assert.match(await virsh('dominfo', '--domain', name), /Managed save:\s+no/);
  });

  it('turns autostart on and off', async () => {
    assert.equal((await act('domain.autostartOn')).ok, true);
    assert.equal((await domain())?.autostart, true);
    assert.equal((await act('domain.autostartOff')).ok, true);
    assert.equal((await domain())?.autostart, false);
  });

  it('clones it with a copy of its disk, the name asked first', async () => {
    await answer([true]);
    assert.equal((await act('domain.destroy')).ok, true);
    await answer([clone]);
    const r = await act('domain.clone');
    assert.equal(r.ok, true, r.message);
    const [asked] = await answer([]);
    assert.ok(asked?.type === 'input' && asked.message.includes(name), JSON.stringify(asked));
    assert.equal((await domain(clone))?.state, 'shutoff');
    const source = (xml: string) => /<source file='([^']+)'/.exec(xml)?.[1];
    const original = source(await virsh('dumpxml', '--domain', name));
    const copy = source(await virsh('dumpxml', '--domain', clone));
    assert.equal(original, disk.path);
    assert.ok(copy && copy !== original && existsSync(copy), copy);
    assert.equal(join(copy, '..'), join(disk.path, '..'), 'the copy is beside the original');
  });
});
