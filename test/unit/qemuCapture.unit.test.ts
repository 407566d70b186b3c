// The parsers of src/core/qemu/capture.ts on QEMU's help output as QEMU 7.2 prints it (excerpts),
// for the shapes the drift test alone would not pin down: `-h or -help`, `-fda/-fdb`, a head that
// fills the description column, `link<…>` property types, x86 and Arm CPU lists, QAPI unions.
import * as assert from 'node:assert/strict';
import {
  parseCpus,
  parseDeviceProps,
  parseDevices,
  parseHelp,
  parseList,
  parseMachines,
  unionKeys,
} from '../../src/core/qemu/capture';

describe('QEMU capture parsers', () => {
  it('reads -help: option names, aliases, argument hints and descriptions', () => {
    const help = [
      'usage: qemu-system-x86_64 [options] [disk_image]',
      '-h or -help     display this help and exit',
      '-machine [type=]name[,prop[=value][,...]]',
      "                selects emulated machine ('-machine help' for list)",
      "-fda/-fdb file  use 'file' as floppy disk 0/1 image",
      "-usbdevice name add the host or guest USB device 'name'",
      '-numa node[,mem=size][,cpus=firstcpu[-lastcpu]]',
      '-numa dist,src=source,dst=destination,val=distance',
      '--preconfig     pause QEMU before machine is initialized (experimental)',
      '-enable-kvm     enable KVM full virtualization support',
    ].join('\n');
    const o = parseHelp(help);
    assert.deepEqual(Object.keys(o).sort(), [
      '-enable-kvm',
      '-fda',
      '-fdb',
      '-h',
      '-help',
      '-machine',
      '-numa',
      '-preconfig',
      '-usbdevice',
    ]);
    assert.deepEqual(o['-h'], { args: [], desc: 'display this help and exit' });
    assert.deepEqual(o['-machine'].args, ['[type=]name[,prop[=value][,...]]']);
    assert.deepEqual(o['-fdb'].args, ['file']);
    assert.deepEqual(o['-usbdevice'], { args: ['name'], desc: "add the host or guest USB device 'name'" });
    assert.equal(o['-numa'].args.length, 2);
    assert.deepEqual(o['-enable-kvm'].args, []);
  });

  it('reads machine, CPU, device and backend lists', () => {
    const machines = parseMachines(
      'Supported machines are:\npc                   Standard PC (alias of pc-i440fx-7.2)\nnone                 empty machine\n',
    );
    assert.deepEqual(Object.keys(machines), ['pc', 'none']);
    const x86 = parseCpus(
      'Available CPUs:\nx86 486                   (alias configured by machine type)\nx86 host                  processor with all supported host features\n\nRecognized CPUID flags:\n  3dnow 3dnowext\n  vmx\n',
    );
    assert.deepEqual(Object.keys(x86.models), ['486', 'host']);
    assert.deepEqual(x86.flags, ['3dnow', '3dnowext', 'vmx']);
    const arm = parseCpus('Available CPUs:\n  a64fx\n  cortex-a57\n');
    assert.deepEqual(Object.keys(arm.models), ['a64fx', 'cortex-a57']);
    assert.deepEqual(parseList('Accelerators supported in QEMU binary:\ntcg\nkvm\n'), ['tcg', 'kvm']);
    const devices = parseDevices(
      'Network devices:\nname "virtio-net-pci", bus PCI, alias "virtio-net", desc "a \\"quoted\\" word"\nname "e1000", bus PCI, desc "Intel Gigabit Ethernet"\n\nCPU devices:\nname "host-x86_64-cpu"\n',
    );
    assert.deepEqual(devices['virtio-net-pci'], {
      category: 'Network devices',
      bus: 'PCI',
      alias: 'virtio-net',
      desc: 'a \\"quoted\\" word',
    });
    assert.deepEqual(devices['host-x86_64-cpu'], { category: 'CPU devices' });
  });

  it('reads device properties: type, default, nested link<…> types', () => {
    const props = parseDeviceProps(
      [
        'virtio-blk-pci options:',
        '  addr=<int32>           - Slot and optional function number, example: 06.0 or 06 (default: -1)',
        '  iothread=<link<iothread>>',
        '  disable-legacy=<OnOffAuto> - on/off/auto (default: "auto")',
        '  serial=<str>',
      ].join('\n'),
    );
    assert.deepEqual(props, {
      addr: ['int32', '-1'],
      iothread: ['link<iothread>'],
      'disable-legacy': ['OnOffAuto', 'auto'],
      serial: ['str'],
    });
  });

  it('reads the keys of each case of a QAPI union, with the base members and without the tag', () => {
    const schema = [
      { name: 'netdev_add', 'meta-type': 'command', 'arg-type': '1' },
      {
        name: '1',
        'meta-type': 'object',
        tag: 'type',
        members: [
          { name: 'id', type: 'str' },
          { name: 'type', type: '2' },
        ],
        variants: [{ case: 'user', type: '3' }],
      },
      { name: '3', 'meta-type': 'object', members: [{ name: 'hostfwd' }, { name: 'net' }] },
    ];
    assert.deepEqual(unionKeys(schema, 'netdev_add'), { user: ['hostfwd', 'id', 'net'] });
    assert.deepEqual(unionKeys(schema, 'no-such-command'), {});
  });
});
