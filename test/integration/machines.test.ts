// The Virtual Machines view and inspectLibvirt in the real extension host, on libvirt's test
// driver (`test:///default`: domain `test`, network `default`, pool `default-pool`).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VirtKitApi } from '../../src/extension';
import type { MachineItemSnapshot } from '../../src/features/machines/machinesTreeProvider';
import { activateExtension } from './util';

const config = () => vscode.workspace.getConfiguration('virtkit');
const refresh = () => vscode.commands.executeCommand<MachineItemSnapshot[]>('virtkit.machines.refresh');

describe('Virtual Machines view', () => {
  let api: VirtKitApi;
  let saved: unknown;
  before(async () => {
    api = (await activateExtension()).exports as unknown as VirtKitApi;
    saved = config().inspect('libvirt.connections')?.globalValue;
  });
  after(async () => {
    await config().update('libvirt.connections', saved, vscode.ConfigurationTarget.Global);
  });

  it('contributes the view, a machine-scoped setting and the Refresh command', async () => {
    const ext = vscode.extensions.getExtension('virtkit.virtkit');
    const pkg = ext?.packageJSON as {
      contributes: {
        views: Record<string, { id: string }[]>;
        configuration: { properties: Record<string, { scope?: string }> };
      };
    };
    assert.ok(pkg.contributes.views.virtkit.some((v) => v.id === 'virtkit.machines'));
    assert.equal(pkg.contributes.configuration.properties['virtkit.libvirt.connections'].scope, 'machine');
    assert.ok((await vscode.commands.getCommands(true)).includes('virtkit.machines.refresh'));
  });

  it('reads test:///default through the API', async () => {
    const r = await api.inspectLibvirt('test:///default');
    assert.equal(r.state, 'connected', r.message);
    const test = r.domains.find((d) => d.name === 'test');
    assert.ok(test, JSON.stringify(r.domains));
    assert.equal(test.state, 'running');
    assert.equal(test.vcpus, 2);
    assert.deepEqual(
      r.networks.map((n) => n.name),
      ['default'],
    );
    assert.deepEqual(
      r.pools.map((p) => p.name),
      ['default-pool'],
    );
  });

  it('shows the connections of the setting, their objects, and why one fails', async () => {
    await config().update(
      'libvirt.connections',
      ['test:///default', 'qemu+ssh://nobody@127.0.0.1:1/system'],
      vscode.ConfigurationTarget.Global,
    );
    const items = await refresh();
    assert.deepEqual(
      items.map((i) => i.label),
      ['test:///default', 'qemu+ssh://nobody@127.0.0.1:1/system'],
    );
    const [ok, failed] = items;
    const groups = ok.children ?? [];
    assert.equal(groups.length, 3, JSON.stringify(groups));
    const domain = groups[0].children?.find((d) => d.label === 'test');
    assert.ok(domain, JSON.stringify(groups[0]));
    assert.equal(domain.contextValue, 'domain-running');
    assert.match(domain.description ?? '', /2/);
    assert.match(domain.description ?? '', /8 GiB/);
    assert.deepEqual(
      groups[1].children?.map((n) => n.label),
      ['default'],
    );
    assert.deepEqual(
      groups[2].children?.map((p) => p.label),
      ['default-pool'],
    );
    // One item saying why, with virsh's own words beside it.
    assert.equal(failed.children?.length, 1, JSON.stringify(failed));
    assert.equal(failed.children?.[0].contextValue, 'problem-unreachable');
    assert.match(failed.children?.[0].description ?? '', /refused|Cannot recv/i);
  });

  it('has no connection (and shows its welcome) when the setting is empty', async () => {
    await config().update('libvirt.connections', [], vscode.ConfigurationTarget.Global);
    assert.deepEqual(await refresh(), []);
  });
});
