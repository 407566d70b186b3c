import * as assert from 'node:assert/strict';
import { activateExtension, hoverText, openDoc, positionOf } from './util';
import * as vscode from 'vscode';

describe('libvirt XML and QEMU hovers', () => {
  before(async () => {
    await activateExtension();
  });

  it('explains a libvirt attribute and the meaning of its value', async () => {
    const doc = await openDoc('domain.xml');
    const onName = await hoverText(doc, positionOf(doc, "mode='host-passthrough'", 1));
    assert.match(onName, /mode=/);
    assert.match(onName, /host-passthrough/);
    assert.match(onName, /libvirt\.org\/formatdomain/);
    const onValue = await hoverText(doc, positionOf(doc, 'host-passthrough', 2));
    assert.match(onValue, /`host-passthrough`:/);
    assert.doesNotMatch(onName, /Some values:|部分取值：/, 'the CPU modes are listed in full');
    const machine = await hoverText(doc, positionOf(doc, "machine='q35'", 1));
    assert.match(machine, /`q35`:/);
    assert.match(machine, /Some values:|部分取值：/, 'machine types are open-ended: the list says it is partial');
  });

  it('tells a disk source from an interface source, and links hostdev to its concept', async () => {
    const doc = await openDoc('domain.xml');
    const disk = await hoverText(doc, positionOf(doc, '<source file', 2));
    const nic = await hoverText(doc, positionOf(doc, '<source network', 2));
    assert.notEqual(disk, nic);
    const hostdev = await hoverText(doc, positionOf(doc, '<hostdev', 2));
    assert.match(hostdev, /command:virtkit\.openArticle\?/);
  });

  it('explains QEMU options and device names in a shell script, not other commands', async () => {
    const doc = await openDoc('start-vm.sh');
    assert.match(await hoverText(doc, positionOf(doc, '-enable-kvm', 2)), /`-enable-kvm`/);
    assert.match(await hoverText(doc, positionOf(doc, 'vfio-pci', 2)), /`vfio-pci`/);
    assert.match(await hoverText(doc, positionOf(doc, '-netdev user', 9)), /`user`/);
    assert.doesNotMatch(await hoverText(doc, positionOf(doc, 'ls -l', 4)), /qemu\.org/);
  });
});

describe('libvirt outline', () => {
  it('gives a domain document symbols named by what identifies each device', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'xml',
      content:
        "<domain type='qemu'>\n  <name>outlined</name>\n  <memory unit='MiB'>512</memory>\n  <devices>\n    <disk type='file' device='disk'><target dev='vda' bus='virtio'/></disk>\n    <interface type='network'><source network='default'/></interface>\n  </devices>\n</domain>\n",
    });
    const symbols =
      (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        doc.uri,
      )) ?? [];
    const domain = symbols.find((s) => s.name === 'domain outlined');
    assert.ok(domain, `symbols: ${symbols.map((s) => s.name).join(', ')}`);
    const devices = domain.children.find((c) => c.name === 'devices');
    assert.deepEqual(
      devices?.children.map((c) => c.name),
      ['disk vda', 'interface network default'],
    );
    assert.equal(domain.children.find((c) => c.name === 'memory')?.detail, '512 MiB');
  });

  it('explains qemu-img, virsh and virt-install command lines, in shell scripts and Markdown', async () => {
    const sh = await openDoc(
      'sudo qemu-img create -f qcow2 -o cluster_size=2M,lazy_refcounts=on disk.qcow2 20G\nvirsh -c qemu:///system list --all\nvirsh vcpupin vm1 0 2\necho virsh list --all\n',
      'shellscript',
    );
    const tool = await hoverText(sh, positionOf(sh, 'qemu-img', 2));
    assert.match(tool, /\*\*`qemu-img`\*\*/);
    assert.match(await hoverText(sh, positionOf(sh, 'create', 2)), /`qemu-img create`/);
    assert.match(await hoverText(sh, positionOf(sh, 'cluster_size', 3)), /`cluster_size=`[\s\S]*qcow2/);
    assert.match(await hoverText(sh, positionOf(sh, '--all', 2)), /`--all`[\s\S]*libvirt\.org\/manpages\/virsh/);
    // No entry written for vcpupin: virsh's own words, labelled as such.
    assert.match(
      await hoverText(sh, positionOf(sh, 'vcpupin', 2)),
      /virsh [\d\\.]+(, its own help text:| 自带的帮助文本)/,
    );
    const echo = await hoverText(sh, positionOf(sh, 'echo virsh list --all', 18));
    assert.doesNotMatch(echo, /`--all`/);
    const md = await openDoc('```sh\nvirt-install \\\n  --osinfo debian12 \\\n  --disk size=20\n```\n', 'markdown');
    assert.match(await hoverText(md, positionOf(md, '--osinfo', 3)), /`--osinfo`[\s\S]*osinfo/);
  });
});
