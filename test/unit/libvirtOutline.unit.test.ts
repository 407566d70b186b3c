import * as assert from 'node:assert/strict';
import { libvirtOutline, type OutlineSymbol } from '../../src/core/libvirtXml/outline';

const DOMAIN = `<domain type='kvm'>
  <name>demo</name>
  <memory unit='GiB'>4</memory>
  <vcpu placement='static'>2</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/demo.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <disk type='file' device='cdrom'><target dev='sda' bus='sata'/></disk>
    <interface type='network'>
      <source network='default'/>
      <model type='virtio'/>
    </interface>
    <interface type='bridge'><source bridge='br0'/></interface>
    <graphics type='vnc' port='-1'/>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/></source>
    </hostdev>
  </devices>
</domain>
`;

const flat = (s: readonly OutlineSymbol[]): string[] =>
  s.flatMap((x) => [`${x.name}${x.detail ? ` = ${x.detail}` : ''}`, ...flat(x.children).map((c) => `  ${c}`)]);

describe('libvirt outline', () => {
  it('names a domain, its settings and each device by what identifies it', () => {
    assert.deepEqual(flat(libvirtOutline(DOMAIN)), [
      'domain demo = kvm',
      '  name = demo',
      '  memory = 4 GiB',
      '  vcpu = 2',
      '  os = hvm x86_64 q35',
      '    type = hvm x86_64 q35',
      '  devices',
      '    disk vda = disk',
      '    disk sda = cdrom',
      '    interface network default',
      '    interface bridge br0',
      '    graphics vnc',
      '    hostdev 0000:01:00.1',
    ]);
  });

  it('selects the element name and spans the element', () => {
    const [domain] = libvirtOutline(DOMAIN);
    const disk = domain.children.find((c) => c.name === 'devices')!.children[0];
    assert.equal(DOMAIN.slice(disk.selectionStart, disk.selectionEnd), 'disk');
    assert.ok(DOMAIN.slice(disk.start, disk.end).startsWith("<disk type='file'"));
    assert.ok(DOMAIN.slice(disk.start, disk.end).endsWith('</disk>'));
  });

  it('outlines a network and a half-typed domain, and nothing for XML that is not libvirt', () => {
    const net = libvirtOutline(
      "<network><name>default</name><bridge name='virbr0'/><ip address='192.168.122.1'/></network>",
    );
    assert.equal(net[0].name, 'network default');
    const typing = libvirtOutline("<domain type='kvm'>\n  <name>half</name>\n  <devices>\n    <disk type='file'");
    assert.equal(typing[0].name, 'domain half');
    assert.deepEqual(libvirtOutline('<project><name>x</name></project>'), []);
    assert.deepEqual(libvirtOutline(''), []);
  });
});
