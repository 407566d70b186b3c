// QEMU completion and checks (src/core/qemu) on the committed data of QEMU (data/qemu), on
// command lines written as people write them: continuation lines, quotes, `,,` escapes, every
// QEMU snippet the extension ships, and hostile text.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseQemuData, type QemuArch, type QemuData, type QemuRemovals } from '../../src/core/qemu/data';
import {
  compareVersions,
  qemuCompletions,
  qemuDiagnostics,
  type QemuCompletion,
  type QemuDataSource,
} from '../../src/core/qemu/languageService';
import { expandSnippet } from '../../src/core/snippets/expandSnippet';

const DATA = path.resolve(__dirname, '../../data/qemu');
const x86 = parseQemuData(readFileSync(path.join(DATA, 'x86_64.json'), 'utf8'));
const arm = parseQemuData(readFileSync(path.join(DATA, 'aarch64.json'), 'utf8'));
const removals = JSON.parse(readFileSync(path.join(DATA, 'removed-options.json'), 'utf8')) as QemuRemovals;
const source: QemuDataSource = { data: (a: QemuArch): QemuData => (a === 'x86_64' ? x86 : arm), removals };

/** Completions at the `|` in `text` (the bar is removed). */
function complete(textWithBar: string): { items: QemuCompletion[]; text: string; offset: number } | undefined {
  const offset = textWithBar.indexOf('|');
  assert.ok(offset >= 0, 'no | in the text');
  const text = textWithBar.slice(0, offset) + textWithBar.slice(offset + 1);
  const r = qemuCompletions(text, offset, source);
  return r && { items: r.items, text, offset };
}

function labels(textWithBar: string): string[] {
  const r = complete(textWithBar);
  assert.ok(r, `no completion for ${JSON.stringify(textWithBar)}`);
  return r.items.map((i) => i.label);
}

const codes = (text: string): string[] => qemuDiagnostics(text, source).map((d) => `${d.code}:${d.args[0]}`);

describe('QEMU completion', () => {
  it('offers the options QEMU lists, with the argument hint from -help, replacing the typed word', () => {
    const r = complete('qemu-system-x86_64 -enable-kvm -mach|');
    assert.ok(r);
    const machine = r.items.find((i) => i.label === '-machine');
    assert.ok(machine, 'no -machine');
    assert.equal(machine.hint, x86.options['-machine'].args[0]);
    assert.match(machine.hint ?? '', /name/);
    assert.equal(r.text.slice(machine.start, machine.end), '-mach');
    assert.equal(r.items.length, Object.keys(x86.options).length);
    assert.ok(!r.items.some((i) => i.label === '-soundhw'), 'a removed option is offered');
    // After an option's argument, even one that looks like an option, come options again.
    assert.ok(labels('qemu-system-x86_64 -name -m |').includes('-machine'));
    assert.ok(labels('qemu-system-x86_64 -m 2G |').includes('-machine'));
  });

  it('offers machine types, CPU models and accelerators of the architecture the command names', () => {
    assert.ok(labels('qemu-system-x86_64 -machine |').includes('q35'));
    assert.ok(labels('qemu-system-aarch64 -M |').includes('virt'));
    assert.ok(!labels('qemu-system-aarch64 -M |').includes('q35'));
    assert.ok(labels('qemu-system-x86_64 -cpu |').includes('Broadwell'));
    const armCpus = labels('qemu-system-aarch64 -cpu cortex|');
    assert.ok(armCpus.includes('cortex-a57'));
    assert.ok(!armCpus.includes('Broadwell'));
    assert.deepEqual(labels('qemu-system-x86_64 -accel |').sort(), [...x86.accels].sort());
    assert.ok(labels('qemu-system-x86_64 -machine q35,accel=|').includes('tcg'));
  });

  it('offers a CPU model’s properties after -cpu MODEL, (x86), from the CPU object QEMU lists', () => {
    const r = complete('qemu-system-x86_64 -cpu host,|');
    assert.ok(r);
    const pmu = r.items.find((i) => i.label === 'pmu');
    assert.ok(pmu, 'no pmu');
    assert.deepEqual([pmu.type, pmu.default], x86.devices['host-x86_64-cpu'].props?.pmu);
    assert.ok(r.items.some((i) => i.label === 'vmx'));
    // aarch64 lists no CPU objects and no flags: nothing to offer, and no error.
    assert.deepEqual(labels('qemu-system-aarch64 -cpu max,|'), []);
  });

  it('offers device types after -device, and after -device TYPE, that device’s properties with type and default', () => {
    assert.ok(labels('qemu-system-x86_64 -device virtio-|').includes('virtio-net-pci'));
    const r = complete('qemu-system-x86_64 -device virtio-net-pci,|');
    assert.ok(r);
    const names = r.items.map((i) => i.label);
    for (const k of ['netdev', 'mac', 'bus', 'id', 'addr']) assert.ok(names.includes(k), `no ${k}`);
    const addr = r.items.find((i) => i.label === 'addr');
    assert.deepEqual([addr?.type, addr?.default], x86.devices['virtio-net-pci'].props?.addr);
    // By alias, and with driver= instead of the type first.
    assert.ok(labels('qemu-system-x86_64 -device virtio-net,|').includes('mac'));
    assert.ok(labels('qemu-system-x86_64 -device id=n,driver=e1000,|').includes('mac'));
    assert.deepEqual(labels('qemu-system-x86_64 -device virtio-net-pci,mrg_rxbuf=|'), ['on', 'off']);
  });

  it('offers backend types and their keys for -netdev, -chardev, -object and -blockdev', () => {
    assert.ok(labels('qemu-system-x86_64 -netdev |').includes('user'));
    assert.ok(labels('qemu-system-x86_64 -netdev user,id=n0,|').includes('hostfwd'));
    assert.ok(labels('qemu-system-x86_64 -netdev tap,|').includes('ifname'));
    assert.ok(labels('qemu-system-x86_64 -chardev |').includes('socket'));
    assert.ok(labels('qemu-system-x86_64 -chardev socket,id=c,|').includes('server'));
    assert.ok(labels('qemu-system-x86_64 -object |').includes('memory-backend-file'));
    assert.ok(labels('qemu-system-x86_64 -object memory-backend-file,|').includes('mem-path'));
    assert.ok(labels('qemu-system-x86_64 -blockdev driver=|').includes('qcow2'));
    assert.ok(labels('qemu-system-x86_64 -drive file=disk.img,|').includes('format'));
  });

  it('offers the ids the command defines as values of netdev=, chardev= and drive=', () => {
    const text = 'qemu-system-x86_64 -netdev user,id=net0 -drive if=none,id=hd0,file=a.img -device e1000,netdev=|';
    assert.deepEqual(labels(text), ['net0']);
    assert.deepEqual(labels(text.replace('netdev=|', 'drive=|')), ['hd0']);
  });

  it('reads continuation lines, quotes and ,, escapes as the shell and QEMU do', () => {
    const script = ['#!/bin/sh', 'qemu-system-x86_64 \\', '  -machine q35 \\', '  -device virtio-net-pci,|'].join('\n');
    assert.ok(labels(script).includes('netdev'));
    assert.ok(labels('qemu-system-x86_64 -device "virtio-blk-pci,drive=d0,|"').includes('serial'));
    assert.ok(labels("qemu-system-x86_64 -device 'virtio-blk-pci,|'").includes('serial'));
    // `a,,b.img` is one file name: the cursor after the next comma is on a key of -drive.
    assert.ok(labels('qemu-system-x86_64 -drive file=a,,b.img,|').includes('format'));
    assert.ok(labels('qemu-system-x86_64 -device virtio-net-pci,romfile=a,,b,|').includes('mac'));
    // In Markdown: the fence lines are not part of the command.
    const md = '# VM\n\n```sh\nqemu-system-aarch64 -machine virt -cpu |\n```\n';
    assert.ok(labels(md).includes('cortex-a72'));
  });

  it('gives nothing for other architectures, other programs and text that is not a command', () => {
    assert.equal(complete('qemu-system-riscv64 -mach|'), undefined);
    assert.equal(complete('ls -l|'), undefined);
    assert.equal(complete('qemu-img create -f |'), undefined);
    assert.deepEqual(complete('Run qemu-system-x86_64 later.| Then')?.items, []);
  });
});

describe('QEMU checks', () => {
  it('accepts a realistic command line without a word', () => {
    const text = [
      'qemu-system-x86_64 -enable-kvm -machine q35,accel=kvm -cpu host -smp 4 -m 4G \\',
      '  -drive if=none,id=hd0,file=disk.qcow2,format=qcow2 \\',
      '  -device virtio-blk-pci,drive=hd0,bus=pcie.0,addr=0x4 \\',
      '  -netdev user,id=net0,hostfwd=tcp::2222-:22 \\',
      '  -device virtio-net-pci,netdev=net0,mac=52:54:00:12:34:56 \\',
      '  -chardev socket,id=mon0,path=/tmp/mon.sock,server=on,wait=off -mon chardev=mon0 \\',
      '  -chardev stdio,id=ser0 -serial chardev:ser0 \\',
      '  -object memory-backend-file,id=mem,size=4G,mem-path=/dev/shm,share=on \\',
      '  -display none -nographic',
    ].join('\n');
    assert.deepEqual(codes(text), []);
  });

  it('raises nothing on any QEMU snippet the extension ships', () => {
    const snippets = JSON.parse(readFileSync(path.resolve(__dirname, '../../snippets/qemu.json'), 'utf8')) as Record<
      string,
      { body: string | string[] }
    >;
    let checked = 0;
    for (const [name, s] of Object.entries(snippets)) {
      const text = expandSnippet(s.body);
      if (!/qemu-system-(x86_64|aarch64)/.test(text)) continue;
      checked++;
      const found = qemuDiagnostics(text, source).filter((d) => d.severity !== 'information');
      assert.deepEqual(
        found.map((d) => `${d.code} ${d.args.join(' ')} at "${text.slice(d.start, d.end)}"`),
        [],
        `${name}:\n${text}`,
      );
    }
    assert.ok(checked >= 10, `only ${checked} snippets checked`);
  });

  it('names unknown options, and options QEMU removed with the release that removed them', () => {
    assert.deepEqual(codes('qemu-system-x86_64 -enable-kvm -m 2G'), []);
    // -M is not in -help; QEMU itself says it is an option with an argument (captured as hidden).
    assert.equal(x86.options['-M']?.args.length, 1);
    assert.deepEqual(codes('qemu-system-aarch64 -M virt -nographic'), []);
    assert.deepEqual(codes('qemu-system-x86_64 --preconfig --enable-kvm'), []);
    assert.deepEqual(codes('qemu-system-x86_64 -frobnicate'), ['unknown-option:-frobnicate']);
    const removed = qemuDiagnostics('qemu-system-x86_64 -soundhw ac97 -balloon virtio -tdf -no-kvm', source);
    assert.deepEqual(
      removed.map((d) => [d.code, ...d.args]),
      [
        ['removed-option', '-soundhw', removals.removed['-soundhw']],
        ['removed-option', '-balloon', removals.removed['-balloon']],
        ['removed-option', '-tdf', removals.removed['-tdf']],
        ['removed-option', '-no-kvm', removals.removed['-no-kvm']],
      ],
    );
    assert.equal(removals.removed['-soundhw'], '7.1');
    assert.ok(removed.every((d) => d.severity === 'error'));
    // Still in this QEMU, gone from a later one: said, but not as an error.
    const later = qemuDiagnostics('qemu-system-x86_64 -no-hpet', source);
    assert.deepEqual(
      later.map((d) => [d.code, d.severity, ...d.args]),
      [['removed-later', 'information', '-no-hpet', '9.0', x86.version]],
    );
  });

  it('names unknown devices and unknown device properties, not aliases or bus/id', () => {
    assert.deepEqual(codes('qemu-system-x86_64 -device virtio-nett-pci'), ['unknown-device:virtio-nett-pci']);
    assert.deepEqual(codes('qemu-system-x86_64 -device virtio-net,id=n,bus=pci.0'), []);
    const d = qemuDiagnostics('qemu-system-x86_64 -device virtio-rng-pci,max-byts=1024', source);
    assert.deepEqual(
      d.map((x) => [x.code, ...x.args]),
      [['unknown-property', 'max-byts', 'virtio-rng-pci']],
    );
    // The same device is fine on the other architecture only if that QEMU has it.
    assert.deepEqual(codes('qemu-system-aarch64 -device virtio-rng-pci'), []);
    assert.deepEqual(codes('qemu-system-aarch64 -device isa-serial'), ['unknown-device:isa-serial']);
    assert.deepEqual(codes('qemu-system-x86_64 -machine q99'), ['unknown-type:q99']);
    assert.deepEqual(codes('qemu-system-x86_64 -netdev usr,id=n -device e1000,netdev=n'), ['unknown-type:usr']);
    // Names that depend on the host QEMU was built for, and -nic's own `none`, are not judged.
    assert.deepEqual(codes('qemu-system-aarch64 -accel kvm -cpu host -nic none'), []);
    assert.deepEqual(codes('qemu-system-x86_64 -device help -machine help -cpu help'), []);
  });

  it('names backend ids nothing uses and references to ids that do not exist', () => {
    assert.deepEqual(codes('qemu-system-x86_64 -netdev user,id=n0'), ['unused-id:n0']);
    assert.deepEqual(codes('qemu-system-x86_64 -device e1000,netdev=n1'), ['missing-id:n1']);
    assert.deepEqual(codes('qemu-system-x86_64 -chardev pty,id=c0'), ['unused-id:c0']);
    assert.deepEqual(codes('qemu-system-x86_64 -chardev pty,id=c0 -serial chardev:c0'), []);
    assert.deepEqual(codes('qemu-system-x86_64 -serial chardev:c9'), ['missing-id:c9']);
    // A configuration file may define them.
    assert.deepEqual(codes('qemu-system-x86_64 -readconfig vm.cfg -device e1000,netdev=n1'), []);
  });

  it('names two devices at one address of one bus, however the address is written', () => {
    const text =
      'qemu-system-x86_64 -device virtio-rng-pci,bus=pcie.0,addr=0x3 -device virtio-balloon-pci,bus=pcie.0,addr=03.0 -device virtio-rng-pci,bus=pcie.0,addr=4';
    const d = qemuDiagnostics(text, source);
    assert.deepEqual(
      d.map((x) => [x.code, ...x.args]),
      [['duplicate-address', 'pcie.0', '03.0']],
    );
    assert.equal(text.slice(d[0].start, d[0].end), 'addr=03.0');
  });

  it('checks each command of a script and ignores other architectures', () => {
    const text = 'qemu-system-x86_64 -bogus1 ; qemu-system-riscv64 -bogus2\nqemu-system-aarch64 -bogus3 && ls -bogus4';
    assert.deepEqual(codes(text), ['unknown-option:-bogus1', 'unknown-option:-bogus3']);
  });

  it('compares QEMU release numbers part by part', () => {
    assert.equal(compareVersions('9.0', '7.2.22'), 1);
    assert.equal(compareVersions('7.1', '7.2.22'), -1);
    assert.equal(compareVersions('10.0', '9.2'), 1);
    assert.equal(compareVersions('7.2', '7.2.0'), 0);
  });
});

describe('QEMU completion and checks on hostile text', () => {
  const cases: [string, string][] = [
    ['unbalanced quotes', "qemu-system-x86_64 -device \"virtio-net-pci,netdev='x -m 2G\n-device 'e1000"],
    ['a 1 MB line', `qemu-system-x86_64 -device virtio-net-pci,${'x=1,'.repeat(260_000)}`],
    ['a 1 MB line of options', `qemu-system-x86_64 ${'-m 1G '.repeat(180_000)}`],
    ['many commands', 'qemu-system-x86_64 -frob\n'.repeat(20_000)],
    [',, everywhere and Unicode', 'qemu-system-x86_64 -device 虚拟化,,,,,,=,,=é\u0000 -name "虚拟机,,1" -драйв'],
    ['text that is not QEMU', 'Lorem ipsum qemu dolor -m -device\n'.repeat(30_000)],
    ['backslashes and separators', 'qemu-system-x86_64 \\\\\\\n;;&&||\\ -m \\'],
  ];
  for (const [what, text] of cases) {
    it(`survives ${what} quickly`, () => {
      const t0 = Date.now();
      const d = qemuDiagnostics(text, source);
      assert.ok(Array.isArray(d));
      for (const at of [0, 1, text.length >> 1, text.length - 1, text.length])
        qemuCompletions(text, Math.max(0, at), source);
      assert.ok(Date.now() - t0 < 3000, `${what}: ${Date.now() - t0} ms`);
      for (const x of d) assert.ok(x.start >= 0 && x.end <= text.length && x.start <= x.end, `${what}: bad range`);
    });
  }
});
