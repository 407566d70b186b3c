// Host values in libvirt XML completion on a real libvirtd: with the harness's connection as
// the user's first `virtkit.libvirt.connections`, a domain's machine types come from the host
// (`virsh domcapabilities` and `virsh capabilities`), and schema values the host lacks are marked.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openDoc, positionOf, waitFor, completions, completionLabel as label } from '../util';
import { libvirtUris } from './env';

describe('libvirt XML completion with the values of a real host', () => {
  const config = () => vscode.workspace.getConfiguration('virtkit');
  let before_: unknown;
  before(async () => {
    await activateExtension();
    before_ = config().inspect('libvirt.connections')?.globalValue;
    await config().update('libvirt.connections', [libvirtUris().local], vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('libvirt.connections', before_, vscode.ConfigurationTarget.Global);
  });

  it('offers the host’s machine types and marks disk buses it does not support', async () => {
    assert.equal(vscode.workspace.isTrusted, true);
    const uri = libvirtUris().local;
    const doc = await openDoc(
      "<domain type='qemu'>\n  <name>h</name>\n  <memory>1</memory>\n  <os>\n    <type arch='x86_64' machine=''>hvm</type>\n  </os>\n  <devices>\n    <disk type='file'>\n      <target dev='vda' bus=''/>\n    </disk>\n  </devices>\n</domain>\n",
      'xml',
    );
    const machines = await completions(doc, positionOf(doc, "machine=''", 9));
    const fromHost = machines.filter((i) => (i.detail ?? '').includes(uri) && !i.tags?.length);
    assert.ok(
      fromHost.some((i) => label(i) === 'q35'),
      machines.map((i) => `${label(i)}: ${i.detail}`).join('\n'),
    );
    const buses = await completions(doc, positionOf(doc, "bus=''", 5));
    assert.ok(buses.some((i) => label(i) === 'virtio' && !i.tags?.length));
    assert.ok(
      buses.some((i) => i.tags?.includes(vscode.CompletionItemTag.Deprecated)),
      'xen or uml is marked',
    );
  });

  it('warns for a value the host does not support, at the value', async () => {
    const doc = await openDoc(
      "<domain type='qemu'>\n  <name>w</name>\n  <memory>1</memory>\n  <os>\n    <type arch='x86_64'>hvm</type>\n  </os>\n  <devices>\n    <disk type='file'>\n      <target dev='xvda' bus='xen'/>\n    </disk>\n  </devices>\n</domain>\n",
      'xml',
    );
    const warning = await waitFor(
      () => vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === 'VirtKit (host)'),
      'a host warning',
      20_000,
    );
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(warning.range), 'xen');
    assert.match(warning.message, /virtio/);
  });
});
