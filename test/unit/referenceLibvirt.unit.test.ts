// The libvirt hover reference: integrity of content/libvirt.yaml as bundled, and lookups on
// real libvirt test documents (test/fixtures/reference/libvirt, see SOURCES.md there).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContent } from 'virtkit:content';
import {
  LibvirtReference,
  libvirtFormatOf,
  valueListHeading,
  type LibvirtMatch,
} from '../../src/core/reference/libvirtLookup';
import type { LibvirtEntry, LibvirtFormat } from '../../src/core/reference/types';
import { indexXml, type XmlNode } from '../../src/core/reference/xmlContext';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/reference/libvirt');
const data = loadContent();
const entries: LibvirtEntry[] = data.libvirt;
const ref = new LibvirtReference(entries);

const PAGE: Record<LibvirtFormat, string> = {
  domain: 'formatdomain.html',
  network: 'formatnetwork.html',
  storagepool: 'formatstorage.html',
  storagevol: 'formatstorage.html',
  snapshot: 'formatsnapshot.html',
};

/**
 * Section anchors of the libvirt.org pages the entries link to. libvirt.org builds its pages from
 * docs/*.rst with docutils, which derives each anchor from the section title (lower case, runs of
 * other characters turned into '-'): "Hard drives, floppy disks, CDROMs" is
 * #hard-drives-floppy-disks-cdroms. Titles checked against docs/formatdomain.rst,
 * formatnetwork.rst, formatstorage.rst and formatsnapshot.rst in libvirt/libvirt.
 */
const ANCHORS: Record<string, string[]> = {
  'formatdomain.html': [
    'element-and-attribute-overview',
    'general-metadata',
    'operating-system-booting',
    'bios-bootloader',
    'cpu-allocation',
    'cpu-tuning',
    'memory-allocation',
    'memory-backing',
    'cpu-model-and-topology',
    'events-configuration',
    'hypervisor-features',
    'time-keeping',
    'devices',
    'hard-drives-floppy-disks-cdroms',
    'filesystems',
    'device-addresses',
    'controllers',
    'host-device-assignment',
    'usb-pci-scsi-devices',
    'network-interfaces',
    'virtual-network',
    'bridge-to-lan',
    'direct-attachment-to-physical-interface',
    'setting-the-nic-model',
    'setting-nic-driver-specific-options',
    'overriding-the-target-element',
    'quality-of-service',
    'input-devices',
    'graphical-framebuffers',
    'video-devices',
    'consoles-serial-parallel-channel-devices',
    'serial-port',
    'console',
    'channel',
    'sound-devices',
    'watchdog-devices',
    'memory-balloon-device',
    'random-number-generator-device',
    'tpm-device',
  ],
  'formatnetwork.html': [
    'element-and-attribute-overview',
    'general-metadata',
    'connectivity',
    'addressing',
    'quality-of-service',
  ],
  'formatstorage.html': [
    'storage-pool-xml',
    'storage-pool-general-metadata',
    'source-elements',
    'storage-pool-target-elements',
    'storage-volume-xml',
    'storage-volume-general-metadata',
    'storage-volume-target-elements',
    'backing-store-elements',
  ],
  'formatsnapshot.html': ['snapshot-xml'],
};

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** The XML node `offset` characters into the `nth` (0-based) occurrence of `needle`. */
function nodeIn(text: string, needle: string, offset = 0, nth = 0): XmlNode {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    assert.ok(i >= 0, `"${needle}" (#${nth}) not in the document`);
  }
  const node = indexXml(text)?.nodeAt(i + offset);
  assert.ok(node, `no XML node at "${needle}" + ${offset}`);
  return node;
}

/** The lookup for the node `offset` characters into `needle`; fails when nothing is found. */
function lookup(text: string, needle: string, offset = 0, nth = 0): LibvirtMatch {
  const node = nodeIn(text, needle, offset, nth);
  const match = ref.lookup(node);
  assert.ok(match, `no entry for ${node.kind} ${node.name} at ${node.path.join('/')}`);
  return match;
}

/** Shorthand: the entry id and value found at `needle` + `offset`. */
function idAt(text: string, needle: string, offset = 0, nth = 0): [string, string | undefined] {
  const m = lookup(text, needle, offset, nth);
  return [m.entry.id, m.value?.value];
}

function sentences(s: string): number {
  return s.split(/[.!?](?:\s+|$)/).filter((p) => p.trim().length > 0).length;
}

describe('libvirt reference data (content/libvirt.yaml)', () => {
  it('has at least 80 entries covering the five formats', () => {
    assert.ok(entries.length >= 80, `only ${entries.length} entries`);
    for (const format of Object.keys(PAGE) as LibvirtFormat[])
      assert.ok(
        entries.some((e) => e.docs === format && e.context === '' && e.kind === 'element'),
        `no root element for ${format}`,
      );
  });

  it('has unique ids and no two entries for the same name in the same place', () => {
    const ids = new Set<string>();
    const places = new Set<string>();
    for (const e of entries) {
      assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
      ids.add(e.id);
      const place = `${e.kind}:${e.name}@${e.context}`;
      assert.ok(!places.has(place), `two entries for ${place}`);
      places.add(place);
    }
  });

  it('gives every entry a valid shape', () => {
    for (const e of entries) {
      assert.ok(e.kind === 'element' || e.kind === 'attribute', `${e.id}: kind`);
      assert.match(e.name, /^[A-Za-z_][\w.:-]*$/, `${e.id}: name`);
      assert.match(e.context, /^$|^(\*|[A-Za-z_][\w.:-]*)(\/(\*|[A-Za-z_][\w.:-]*))*$/, `${e.id}: context`);
      assert.ok(Object.prototype.hasOwnProperty.call(PAGE, e.docs), `${e.id}: docs ${e.docs}`);
      if (e.since !== undefined) assert.match(e.since, /^\d+\.\d+\.\d+$/, `${e.id}: since`);
      if (e.kind === 'attribute')
        assert.notEqual(e.context, '', `${e.id}: an attribute needs the element that carries it`);
    }
  });

  it('writes every text in both languages, one to three sentences', () => {
    for (const e of entries) {
      for (const lang of ['en', 'zh-cn'] as const) {
        assert.equal(typeof e[lang], 'string', `${e.id}: ${lang}`);
        assert.ok(e[lang].trim().length > 0, `${e.id}: empty ${lang}`);
      }
      assert.match(e['zh-cn'], /[\u4e00-\u9fff]/, `${e.id}: zh-cn has no Chinese`);
      assert.ok(sentences(e.en) <= 3, `${e.id}: more than three sentences in en`);
      assert.ok((e['zh-cn'].match(/。/g) ?? []).length <= 3, `${e.id}: more than three sentences in zh-cn`);
    }
  });

  it('links every entry to a section of the right libvirt.org page', () => {
    for (const e of entries) {
      const m = /^https:\/\/libvirt\.org\/([a-z]+\.html)(?:#([a-z0-9-]+))?$/.exec(e.url);
      assert.ok(m, `${e.id}: url ${e.url}`);
      assert.equal(m[1], PAGE[e.docs], `${e.id}: ${e.url} is not the ${e.docs} page`);
      if (m[2] !== undefined) assert.ok(ANCHORS[m[1]].includes(m[2]), `${e.id}: unknown anchor #${m[2]}`);
    }
  });

  it('links only concepts that exist', () => {
    const concepts = new Set(data.concepts.map((c) => c.id));
    for (const e of entries)
      if (e.concept !== undefined) assert.ok(concepts.has(e.concept), `${e.id}: concept ${e.concept}`);
    assert.ok(entries.filter((e) => e.concept).length >= 30, 'few entries link a concept');
  });

  it('explains every listed value in both languages, without duplicates', () => {
    for (const e of entries) {
      if (e.values === undefined) continue;
      assert.ok(e.values.length > 0, `${e.id}: empty values`);
      const seen = new Set<string>();
      for (const v of e.values) {
        assert.equal(typeof v.value, 'string', `${e.id}: value ${String(v.value)} is not a string`);
        assert.ok(v.value.length > 0 && v.value.trim() === v.value, `${e.id}: value "${v.value}"`);
        assert.ok(!seen.has(v.value), `${e.id}: duplicate value ${v.value}`);
        seen.add(v.value);
        assert.ok(v.en.trim().length > 0 && v['zh-cn'].trim().length > 0, `${e.id}=${v.value}: both languages`);
        assert.match(v['zh-cn'], /[\u4e00-\u9fff]/, `${e.id}=${v.value}: zh-cn has no Chinese`);
        if (v.since !== undefined) assert.match(v.since, /^\d+\.\d+\.\d+$/, `${e.id}=${v.value}: since`);
      }
      if (e.partial !== undefined) assert.equal(e.partial, true, `${e.id}: partial is true or absent`);
    }
  });

  it('heads a partial value list with "some values" in the content language, a complete one with nothing', () => {
    const machine = entries.find((e) => e.id === 'domain.os.type@machine');
    const mode = entries.find((e) => e.id === 'domain.cpu@mode');
    assert.ok(machine?.partial && mode && !mode.partial);
    assert.equal(valueListHeading(machine, 'en'), 'Some values:');
    assert.equal(valueListHeading(machine, 'zh-cn'), '部分取值：');
    assert.equal(valueListHeading(mode, 'en'), undefined);
    assert.ok(entries.filter((e) => e.partial).length >= 10, 'few partial lists');
  });

  it('lets every entry win in the place its context describes', () => {
    for (const e of entries) {
      const where = e.context
        .split('/')
        .filter((s) => s.length > 0)
        .map((s) => (s === '*' ? 'some-element' : s));
      assert.equal(ref.find(e.kind, e.name, where)?.id, e.id, `${e.id} is shadowed`);
    }
  });
});

describe('libvirt lookups on libvirt test documents', () => {
  it('recognises the root of every fixture and of device fragments', () => {
    const roots: Record<string, LibvirtFormat> = {
      'net-bandwidth.xml': 'domain',
      'cpu-host-passthrough-features.xml': 'domain',
      'hostdev-vfio.xml': 'domain',
      'vhost-user-fs-fd-memory.xml': 'domain',
      'q35-virt-manager-basic.xml': 'domain',
      'nat-network.xml': 'network',
      'pool-netfs.xml': 'storagepool',
      'vol-qcow2.xml': 'storagevol',
      'disk_snapshot.xml': 'snapshot',
      'external_vm.xml': 'snapshot',
    };
    for (const [file, format] of Object.entries(roots)) {
      const root = indexXml(fixture(file))?.root;
      assert.equal(libvirtFormatOf(root), format, file);
      assert.ok(ref.knowsRoot(root), file);
    }
    assert.ok(ref.knowsRoot('disk'), 'a <disk> for virsh attach-device');
    assert.ok(ref.knowsRoot('interface'));
    assert.ok(!ref.knowsRoot('html'));
    assert.ok(!ref.knowsRoot(undefined));
  });

  it('finds only entries of the document’s own format', () => {
    const files = [
      'net-bandwidth.xml',
      'cpu-host-passthrough-features.xml',
      'hostdev-vfio.xml',
      'vhost-user-fs-fd-memory.xml',
      'q35-virt-manager-basic.xml',
      'nat-network.xml',
      'pool-netfs.xml',
      'vol-qcow2.xml',
      'disk_snapshot.xml',
      'external_vm.xml',
    ];
    for (const file of files) {
      const text = fixture(file);
      const index = indexXml(text);
      assert.ok(index);
      const format = libvirtFormatOf(index.root);
      let found = 0;
      for (let i = 0; i < text.length; i++) {
        const node = index.nodeAt(i);
        if (!node || node.start !== i) continue;
        const m = ref.lookup(node);
        if (!m) continue;
        found++;
        assert.equal(m.entry.docs, format, `${file}: ${node.name} at ${node.path.join('/')} resolved to ${m.entry.id}`);
      }
      assert.ok(found >= 10, `${file}: only ${found} hoverable tokens`);
    }
  });

  describe('domain XML', () => {
    it('explains the CPU mode and feature policies (cpu-host-passthrough-features.xml)', () => {
      const text = fixture('cpu-host-passthrough-features.xml');
      const mode = lookup(text, "<cpu mode='host-passthrough'>", 6);
      assert.equal(mode.node.kind, 'attribute');
      assert.equal(mode.entry.id, 'domain.cpu@mode');
      assert.equal(mode.entry.concept, 'nested-virtualization');
      assert.equal(mode.value, undefined, 'the attribute name has no value meaning');
      const value = lookup(text, "'host-passthrough'", 3);
      assert.equal(value.entry.id, 'domain.cpu@mode');
      assert.equal(value.value?.value, 'host-passthrough');
      assert.match(value.value?.en ?? '', /host CPU/);
      assert.match(value.value?.['zh-cn'] ?? '', /宿主机/);
      assert.deepEqual(idAt(text, "policy='force'", 9), ['domain.cpu.feature@policy', 'force']);
      assert.deepEqual(idAt(text, "policy='disable'", 9), ['domain.cpu.feature@policy', 'disable']);
      assert.deepEqual(idAt(text, '<feature', 1), ['domain.cpu.feature', undefined]);
      assert.deepEqual(idAt(text, "cpuset='1-4", 1), ['domain.vcpu@cpuset', undefined]);
      assert.deepEqual(idAt(text, "placement='static'", 12), ['domain.vcpu@placement', 'static']);
      assert.deepEqual(idAt(text, '<cpu', 1), ['domain.cpu', undefined]);
      assert.deepEqual(idAt(text, '</cpu>', 2), ['domain.cpu', undefined], 'the end tag too');
    });

    it('explains host device assignment (hostdev-vfio.xml)', () => {
      const text = fixture('hostdev-vfio.xml');
      const hostdev = lookup(text, '<hostdev', 1);
      assert.equal(hostdev.entry.id, 'domain.devices.hostdev');
      assert.equal(hostdev.entry.concept, 'vfio');
      assert.deepEqual(idAt(text, "mode='subsystem'", 7), ['domain.devices.hostdev@mode', 'subsystem']);
      assert.deepEqual(idAt(text, "<hostdev mode='subsystem' type='pci'", 33), ['domain.devices.hostdev@type', 'pci']);
      assert.deepEqual(idAt(text, "managed='yes'", 10), ['domain.devices.hostdev@managed', 'yes']);
      assert.deepEqual(idAt(text, "<driver name='vfio'/>", 15), ['domain.devices.hostdev.driver@name', 'vfio']);
      assert.deepEqual(idAt(text, '<address domain=', 1), ['domain.devices.hostdev.source.address', undefined]);
      assert.deepEqual(idAt(text, "slot='0x12'", 0), ['address@slot', undefined]);
      assert.deepEqual(idAt(text, "<source dev='/dev/HostVG", 8), ['domain.devices.disk.source@dev', undefined]);
      assert.deepEqual(idAt(text, "type='drive'", 0), ['domain.devices.*.address@type', undefined]);
      assert.deepEqual(idAt(text, "type='drive'", 7), ['domain.devices.*.address@type', 'drive']);
    });

    it('tells a disk’s <source> from an interface’s (net-bandwidth.xml)', () => {
      const text = fixture('net-bandwidth.xml');
      const diskSource = lookup(text, "<source file='/var", 1);
      const nicSource = lookup(text, '<source network=', 1);
      assert.equal(diskSource.entry.id, 'domain.devices.disk.source');
      assert.equal(nicSource.entry.id, 'domain.devices.interface.source');
      assert.notEqual(diskSource.entry, nicSource.entry);
      assert.notEqual(diskSource.entry.en, nicSource.entry.en);

      assert.deepEqual(idAt(text, "<source file='/var", 8), ['domain.devices.disk.source@file', undefined]);
      const network = lookup(text, "network='nat-network", 2);
      assert.equal(network.entry.id, 'domain.devices.interface.source@network');
      assert.equal(network.entry.concept, 'network-virtualization');
      assert.deepEqual(idAt(text, "<interface type='network'>", 17), ['domain.devices.interface@type', 'network']);
      assert.deepEqual(idAt(text, "device='cdrom'", 9), ['domain.devices.disk@device', 'cdrom']);
      assert.deepEqual(idAt(text, "<driver name='qemu' type='qcow2'/>", 27), [
        'domain.devices.disk.driver@type',
        'qcow2',
      ]);
      assert.deepEqual(idAt(text, "bus='virtio'", 6), ['domain.devices.disk.target@bus', 'virtio']);
      assert.deepEqual(idAt(text, '<readonly/>', 1), ['domain.devices.disk.readonly', undefined]);
      assert.deepEqual(idAt(text, "<model type='rtl8139'/>", 14), ['domain.devices.interface.model@type', 'rtl8139']);
      assert.deepEqual(
        idAt(text, "<model type='vga'", 13),
        ['domain.devices.video.model@type', 'vga'],
        'a video model is not a NIC model',
      );
      assert.deepEqual(idAt(text, '<mac address=', 5), ['domain.devices.interface.mac@address', undefined]);
      assert.deepEqual(idAt(text, '<bandwidth>', 1), ['domain.devices.interface.bandwidth', undefined]);
      assert.deepEqual(idAt(text, "autoport='yes'", 10), ['domain.devices.graphics@autoport', 'yes']);
      assert.deepEqual(idAt(text, "<graphics type='vnc'", 16), ['domain.devices.graphics@type', 'vnc']);
      assert.deepEqual(idAt(text, "<boot dev='cdrom'/>", 11), ['domain.os.boot@dev', 'cdrom']);
      assert.deepEqual(
        idAt(text, '<on_crash>restart', 10),
        ['domain.on_crash', 'restart'],
        'a keyword in element text',
      );
      assert.deepEqual(idAt(text, '<on_poweroff>destroy', 13), ['domain.on_poweroff', 'destroy']);
      assert.deepEqual(idAt(text, "<memballoon model='virtio'>", 19), ['domain.devices.memballoon@model', 'virtio']);
      assert.deepEqual(idAt(text, '<acpi/>', 1), ['domain.features.acpi', undefined]);
      assert.deepEqual(idAt(text, '>hvm<', 1), ['domain.os.type', 'hvm']);
      assert.deepEqual(idAt(text, "<domain type='kvm'>", 14), ['domain@type', 'kvm']);
      assert.deepEqual(idAt(text, "<memory unit='KiB'>", 14), ['domain.*@unit', 'KiB']);
      assert.deepEqual(idAt(text, '<currentMemory', 1), ['domain.currentMemory', undefined]);
    });

    it('explains memory backing and virtiofs (vhost-user-fs-fd-memory.xml)', () => {
      const text = fixture('vhost-user-fs-fd-memory.xml');
      const backing = lookup(text, '<memoryBacking>', 1);
      assert.equal(backing.entry.id, 'domain.memoryBacking');
      assert.equal(backing.entry.concept, 'virtiofs');
      assert.deepEqual(idAt(text, "<access mode='shared'/>", 15), ['domain.memoryBacking.access@mode', 'shared']);
      assert.deepEqual(idAt(text, "<source type='file'/>", 1), ['domain.memoryBacking.source', undefined]);
      assert.deepEqual(idAt(text, "<source type='file'/>", 15), ['domain.memoryBacking.source@type', 'file']);
      assert.deepEqual(idAt(text, "<filesystem type='mount'", 18), ['domain.devices.filesystem@type', 'mount']);
      const driver = lookup(text, "<driver type='virtiofs'", 15);
      assert.equal(driver.entry.id, 'domain.devices.filesystem.driver@type');
      assert.equal(driver.value?.value, 'virtiofs');
      assert.equal(driver.entry.concept, 'virtiofs');
      assert.deepEqual(idAt(text, "<source dir='/path'/>", 1), ['domain.devices.filesystem.source', undefined]);
      assert.deepEqual(idAt(text, "<target dir='mount_tag'/>", 1), ['domain.devices.filesystem.target', undefined]);
      assert.deepEqual(idAt(text, "check='none'", 7), ['domain.cpu@check', 'none']);
      assert.deepEqual(idAt(text, "<model fallback='forbid'>", 17), ['domain.cpu.model@fallback', 'forbid']);
      assert.deepEqual(idAt(text, '<cell ', 1), ['domain.cpu.numa.cell', undefined]);
      assert.deepEqual(idAt(text, "model='none'/>\n    <controller", 7), ['domain.devices.controller@model', 'none']);
    });

    it('explains the guest agent channel, SPICE and timers (q35-virt-manager-basic.xml)', () => {
      const text = fixture('q35-virt-manager-basic.xml');
      assert.deepEqual(idAt(text, "name='org.qemu.guest_agent.0'", 8), [
        'domain.devices.channel.target@name',
        'org.qemu.guest_agent.0',
      ]);
      assert.deepEqual(idAt(text, "<channel type='unix'>", 15), ['domain.devices.channel@type', 'unix']);
      assert.deepEqual(idAt(text, "<graphics type='spice'", 16), ['domain.devices.graphics@type', 'spice']);
      assert.deepEqual(idAt(text, "tickpolicy='catchup'", 12), ['domain.clock.timer@tickpolicy', 'catchup']);
      assert.deepEqual(idAt(text, "<timer name='hpet' present='no'/>", 29), ['domain.clock.timer@present', 'no']);
      assert.deepEqual(
        idAt(text, "machine='pc-q35-2.7'", 10),
        ['domain.os.type@machine', undefined],
        'a versioned machine type has no listed meaning',
      );
      assert.deepEqual(idAt(text, "<interface type='user'>", 17), ['domain.devices.interface@type', 'user']);
      const nic = lookup(text, "<model type='virtio'/>", 13);
      assert.equal(nic.entry.id, 'domain.devices.interface.model@type');
      assert.equal(nic.entry.concept, 'virtio');
      assert.deepEqual(idAt(text, "<vmport state='off'/>", 15), ['domain.features.*@state', 'off']);
      assert.deepEqual(idAt(text, "<console type='pty'>\n      <target type='serial'", 42), [
        'domain.devices.console.target@type',
        'serial',
      ]);
      assert.deepEqual(idAt(text, "<input type='tablet'", 13), ['domain.devices.input@type', 'tablet']);
    });

    it('resolves device fragments such as those given to virsh attach-device', () => {
      const disk =
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/x.qcow2'/><target dev='vdb' bus='virtio'/></disk>";
      assert.deepEqual(idAt(disk, "type='file'", 0), ['domain.devices.disk@type', undefined]);
      assert.deepEqual(idAt(disk, "file='/x", 0), ['domain.devices.disk.source@file', undefined]);
      assert.deepEqual(idAt(disk, '<source', 1), ['domain.devices.disk.source', undefined]);
      const channel =
        "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/><address type='virtio-serial' controller='0' bus='0' port='1'/></channel>";
      assert.deepEqual(
        idAt(channel, "port='1'", 0),
        ['address@port', undefined],
        'virtio-serial addresses have a port',
      );
      assert.deepEqual(idAt(channel, "'virtio-serial'", 1), ['domain.devices.*.address@type', 'virtio-serial']);
      const dimm = "<memory model='dimm'><address type='dimm' slot='0'/></memory>";
      assert.deepEqual(idAt(dimm, "slot='0'", 0), ['address@slot', undefined]);
      assert.deepEqual(idAt(dimm, "'dimm' slot", 1), ['domain.devices.*.address@type', 'dimm']);
      const nic = "<interface type='bridge'><source bridge='br0'/><model type='virtio'/></interface>";
      assert.deepEqual(idAt(nic, "bridge='br0'", 0), ['domain.devices.interface.source@bridge', undefined]);
      assert.deepEqual(idAt(nic, "type='bridge'", 7), ['domain.devices.interface@type', 'bridge']);
    });
  });

  describe('network XML (nat-network.xml)', () => {
    const text = fixture('nat-network.xml');

    it('explains the forward mode', () => {
      const m = lookup(text, '<forward mode="nat"', 15);
      assert.equal(m.entry.id, 'network.forward@mode');
      assert.equal(m.value?.value, 'nat');
      assert.equal(m.entry.concept, 'network-virtualization');
      assert.match(m.value?.en ?? '', /NAT/);
      assert.deepEqual(idAt(text, '<forward', 1), ['network.forward', undefined]);
      assert.deepEqual(idAt(text, 'dev="eth1"', 0), ['network.forward@dev', undefined]);
    });

    it('explains bridge, addressing and DHCP', () => {
      assert.deepEqual(idAt(text, '<name>', 1), ['network.name', undefined], 'a network name, not a domain name');
      assert.deepEqual(idAt(text, '<bridge name=', 8), ['network.bridge@name', undefined]);
      assert.deepEqual(idAt(text, 'netmask=', 0), ['network.ip@netmask', undefined]);
      assert.deepEqual(idAt(text, '<ip address=', 4), ['network.ip@address', undefined]);
      assert.deepEqual(idAt(text, '<dhcp>', 1), ['network.ip.dhcp', undefined]);
      assert.deepEqual(idAt(text, '<range start=', 8), ['network.ip.dhcp.range@start', undefined]);
      assert.deepEqual(idAt(text, '<host mac=', 1), ['network.ip.dhcp.host', undefined]);
      assert.deepEqual(idAt(text, '<host mac=', 7), ['network.ip.dhcp.host@mac', undefined]);
    });
  });

  describe('storage pool XML (pool-netfs.xml)', () => {
    const text = fixture('pool-netfs.xml');

    it('explains the pool type and its source', () => {
      assert.deepEqual(idAt(text, "<pool type='netfs'>", 12), ['pool@type', 'netfs']);
      assert.deepEqual(idAt(text, '<source>', 1), ['pool.source', undefined], 'a pool source, not a disk source');
      assert.deepEqual(idAt(text, "<host name='localhost'/>", 7), ['pool.source.host@name', undefined]);
      assert.deepEqual(idAt(text, '<dir path=', 1), ['pool.source.dir', undefined]);
      assert.deepEqual(idAt(text, '<dir path=', 6), ['pool.source.*@path', undefined]);
      assert.deepEqual(idAt(text, "<format type='nfs'/>", 15), ['pool.source.format@type', 'nfs']);
    });

    it('explains the target', () => {
      assert.deepEqual(idAt(text, '<path>', 1), ['pool.target.path', undefined]);
      assert.deepEqual(idAt(text, '<permissions>', 1), ['pool.target.permissions', undefined]);
      assert.deepEqual(idAt(text, '<capacity>', 1), ['pool.capacity', undefined]);
      assert.deepEqual(idAt(text, '<name>', 1), ['pool.name', undefined]);
    });
  });

  describe('storage volume XML (vol-qcow2.xml)', () => {
    const text = fixture('vol-qcow2.xml');

    it('explains size units, the format and the backing store', () => {
      assert.deepEqual(idAt(text, '<capacity unit="G">', 16), ['volume.*@unit', 'G']);
      assert.deepEqual(idAt(text, '<capacity', 1), ['volume.capacity', undefined]);
      assert.deepEqual(idAt(text, '<allocation>', 1), ['volume.allocation', undefined]);
      const qcow2 = lookup(text, "<format type='qcow2'/>", 15);
      assert.equal(qcow2.entry.id, 'volume.*.format@type');
      assert.equal(qcow2.value?.value, 'qcow2');
      assert.equal(qcow2.entry.concept, 'qcow2');
      assert.deepEqual(idAt(text, "<format type='raw'/>", 15), ['volume.*.format@type', 'raw']);
      const backing = lookup(text, '<backingStore>', 1);
      assert.equal(backing.entry.id, 'volume.backingStore');
      assert.equal(backing.entry.concept, 'qcow2');
      assert.deepEqual(idAt(text, '<path>', 1, 0), ['volume.target.path', undefined]);
      assert.deepEqual(
        idAt(text, '<path>', 1, 1),
        ['volume.backingStore.path', undefined],
        'the backing store path differs from the target path',
      );
      assert.deepEqual(idAt(text, '<key>', 1), ['volume.key', undefined]);
    });
  });

  describe('domain snapshot XML', () => {
    it('explains per-disk snapshot modes and external files (disk_snapshot.xml)', () => {
      const text = fixture('disk_snapshot.xml');
      const internal = lookup(text, "snapshot='internal'", 11);
      assert.equal(internal.entry.id, 'domainsnapshot.disks.disk@snapshot');
      assert.equal(internal.value?.value, 'internal');
      assert.equal(internal.entry.concept, 'vm-snapshot');
      assert.deepEqual(idAt(text, "snapshot='no'", 10), ['domainsnapshot.disks.disk@snapshot', 'no']);
      assert.deepEqual(
        idAt(text, "<source file='/path/to/new'/>", 8),
        ['domainsnapshot.disks.disk.source@file', undefined],
        'not the domain disk source',
      );
      assert.deepEqual(idAt(text, "<source file='/path/to/new'/>", 1), ['domainsnapshot.disks.disk.source', undefined]);
      assert.deepEqual(idAt(text, "<driver type='qed'/>", 15), ['domainsnapshot.disks.disk.driver@type', 'qed']);
      assert.deepEqual(idAt(text, "type='block'", 7), ['domainsnapshot.disks.disk@type', 'block']);
      assert.deepEqual(idAt(text, "<disk name='hdb'", 7), ['domainsnapshot.disks.disk@name', undefined]);
      assert.deepEqual(idAt(text, '<disks>', 1), ['domainsnapshot.disks', undefined]);
      assert.deepEqual(idAt(text, '<description>', 1), ['domainsnapshot.description', undefined]);
    });

    it('explains the memory state and parent (external_vm.xml)', () => {
      const text = fixture('external_vm.xml');
      assert.deepEqual(
        idAt(text, '<memory', 1),
        ['domainsnapshot.memory', undefined],
        'snapshot memory, not domain memory',
      );
      assert.deepEqual(idAt(text, "snapshot='external'", 11), ['domainsnapshot.memory@snapshot', 'external']);
      assert.deepEqual(idAt(text, "file='/dev", 0), ['domainsnapshot.memory@file', undefined]);
      assert.deepEqual(idAt(text, '>running<', 1), ['domainsnapshot.state', 'running']);
      assert.deepEqual(idAt(text, '<parent>', 1), ['domainsnapshot.parent', undefined]);
    });

    it('treats the domain saved inside a snapshot as domain XML', () => {
      const text =
        "<domainsnapshot><memory snapshot='no'/><domain type='kvm'><memory unit='KiB'>1024</memory><devices><disk type='file'><source file='/a'/></disk></devices></domain></domainsnapshot>";
      assert.deepEqual(idAt(text, '<domain ', 1), ['domainsnapshot.domain', undefined]);
      assert.deepEqual(idAt(text, "<domain type='kvm'>", 14), ['domain@type', 'kvm']);
      assert.deepEqual(idAt(text, '<memory', 1, 0), ['domainsnapshot.memory', undefined]);
      assert.deepEqual(idAt(text, '<memory', 1, 1), ['domain.memory', undefined]);
      assert.deepEqual(idAt(text, "file='/a'", 0), ['domain.devices.disk.source@file', undefined]);
    });
  });

  it('finds nothing for unknown names or contexts', () => {
    assert.equal(ref.find('element', 'no-such-element', ['domain']), undefined);
    assert.equal(ref.find('attribute', 'file', ['domain', 'devices', 'video']), undefined);
    assert.equal(ref.find('element', 'name', ['html']), undefined);
    assert.equal(ref.lookup(nodeIn('<html><body class="x"/></html>', 'class')), undefined);
  });
});
