// QEMU command-line hovers: the integrity of content/qemu.yaml as the build bundles it, and the
// lookup (qemuContext + qemuLookup) on real command lines from QEMU's own documentation
// (test/fixtures/reference/qemu, sources in test/fixtures/reference/SOURCES.md).
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { loadContent } from 'virtkit:content';
import { qemuTokenAt, type QemuToken } from '../../src/core/reference/qemuContext';
import { QemuReference, type QemuMatch } from '../../src/core/reference/qemuLookup';
import type { QemuEntry } from '../../src/core/reference/types';

const data = loadContent();
const entries: QemuEntry[] = data.qemu;
const ref = new QemuReference(entries);
const conceptIds = new Set(data.concepts.map((c) => c.id));
const FIXTURES = path.resolve(__dirname, '../../test/fixtures/reference/qemu');

function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

const byId = new Map(entries.map((e) => [e.id, e]));
const options = entries.filter((e) => e.kind === 'option');
const DEFAULT_USED_WITH: Record<string, string[]> = { device: ['-device'], machine: ['-machine'], accel: ['-accel'] };
const usedWith = (e: QemuEntry): string[] => e.usedWith ?? DEFAULT_USED_WITH[e.kind] ?? [];

/**
 * The offset of `target` inside the first occurrence of `context` (at or after `from`, itself a
 * string that must occur first) in `text`, plus `delta`.
 */
function pos(text: string, context: string, target = context, delta = 0, from?: string): number {
  const start = from === undefined ? 0 : text.indexOf(from);
  assert.ok(start >= 0, `"${from}" not in the text`);
  const i = text.indexOf(context, start);
  assert.ok(i >= 0, `"${context}" not in the text`);
  const j = context.indexOf(target);
  assert.ok(j >= 0, `"${target}" not in "${context}"`);
  return i + j + delta;
}

interface Hit {
  token: QemuToken | undefined;
  match: QemuMatch | undefined;
}

function hover(text: string, context: string, target = context, delta = 0, from?: string): Hit {
  const token = qemuTokenAt(text, pos(text, context, target, delta, from));
  return { token, match: token ? ref.lookup(token) : undefined };
}

/** Asserts that the hover finds entry `id` (exactly) and returns the hit. */
function expectEntry(hit: Hit, id: string, what: string): Hit {
  assert.ok(hit.token, `${what}: no token`);
  assert.ok(hit.match, `${what}: no match for ${JSON.stringify(hit.token)}`);
  assert.equal(hit.match.entry.id, id, `${what}: ${JSON.stringify(hit.token)}`);
  assert.equal(hit.match.exact, true, `${what}: not exact`);
  return hit;
}

function expectNothing(hit: Hit, what: string): void {
  assert.equal(hit.token, undefined, `${what}: unexpected token ${JSON.stringify(hit.token)}`);
  assert.equal(hit.match, undefined, what);
}

describe('QEMU reference data (content/qemu.yaml)', () => {
  it('has enough options, devices, backends, machines and accelerators', () => {
    const count = (kind: QemuEntry['kind']): number => entries.filter((e) => e.kind === kind).length;
    assert.ok(count('option') >= 50, `options: ${count('option')}`);
    assert.ok(count('device') >= 15, `devices: ${count('device')}`);
    assert.ok(count('backend') >= 15, `backends: ${count('backend')}`);
    assert.ok(count('machine') >= 4, `machines: ${count('machine')}`);
    assert.ok(count('accel') >= 2, `accelerators: ${count('accel')}`);
  });

  it('covers the options, devices, backends, machines and accelerators people use most', () => {
    const optionNames = [
      '-enable-kvm',
      '-accel',
      '-cpu',
      '-smp',
      '-m',
      '-machine',
      '-M',
      '-drive',
      '-blockdev',
      '-device',
      '-netdev',
      '-nic',
      '-chardev',
      '-object',
      '-bios',
      '-pflash',
      '-cdrom',
      '-hda',
      '-boot',
      '-nographic',
      '-display',
      '-serial',
      '-monitor',
      '-qmp',
      '-vnc',
      '-spice',
      '-fsdev',
      '-virtfs',
      '-snapshot',
      '-kernel',
      '-initrd',
      '-append',
      '-name',
      '-uuid',
      '-daemonize',
      '-pidfile',
      '-rtc',
      '-global',
      '-usb',
      '-vga',
      '-audiodev',
      '-incoming',
      '-loadvm',
      '-no-reboot',
      '-no-shutdown',
      '-S',
      '-s',
      '-gdb',
      '-d',
      '-D',
      '-trace',
      '-sandbox',
      '-numa',
      '-mem-path',
      '-mem-prealloc',
      '-overcommit',
      '-smbios',
      '-fw_cfg',
      '-tpmdev',
      '-watchdog-action',
      '-k',
      '-full-screen',
    ];
    for (const n of optionNames) assert.ok(ref.option(n), `option ${n}`);
    const typed: [string, string[]][] = [
      [
        '-device',
        [
          'virtio-net-pci',
          'virtio-blk-pci',
          'virtio-scsi-pci',
          'scsi-hd',
          'scsi-cd',
          'vfio-pci',
          'vhost-user-fs-pci',
          'virtio-rng-pci',
          'virtio-balloon-pci',
          'virtio-serial-pci',
          'virtserialport',
          'qemu-xhci',
          'usb-tablet',
          'tpm-tis',
          'tpm-crb',
          'pcie-root-port',
          'e1000',
          'virtio-gpu-pci',
          'vhost-vsock-pci',
          'ide-cd',
          'i6300esb',
        ],
      ],
      ['-netdev', ['user', 'tap', 'bridge', 'socket']],
      ['-object', ['memory-backend-memfd', 'memory-backend-file', 'memory-backend-ram', 'rng-random', 'secret']],
      ['-chardev', ['socket', 'pty', 'stdio', 'file']],
      ['-tpmdev', ['emulator', 'passthrough']],
      ['-machine', ['q35', 'pc', 'virt', 'microvm']],
      ['-accel', ['kvm', 'tcg']],
    ];
    for (const [opt, names] of typed) for (const n of names) assert.ok(ref.type(opt, n), `${opt} ${n}`);
  });

  it('lists no option that current QEMU has removed', () => {
    const removed = [
      '-no-kvm',
      '-soundhw',
      '-realtime',
      '-no-acpi',
      '-no-hpet',
      '-tb-size',
      '-show-cursor',
      '-nodefconfig',
      '-balloon',
      '-enable-fips',
      '-sdl',
      '-curses',
      '-no-quit',
      '-alt-grab',
      '-ctrl-grab',
      '-no-frame',
      '-chroot',
      '-runas',
      '-async-teardown',
    ];
    for (const n of removed) assert.equal(ref.option(n), undefined, n);
  });

  it('has unique ids and well-formed entries', () => {
    const ids = new Set<string>();
    for (const e of entries) {
      assert.ok(/^[a-z][A-Za-z0-9_.-]*$/.test(e.id), `id ${e.id}`);
      assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
      ids.add(e.id);
      assert.ok(['option', 'device', 'backend', 'machine', 'accel'].includes(e.kind), `${e.id}: kind ${e.kind}`);
      assert.equal(typeof e.name, 'string', e.id);
      assert.equal(typeof e.syntax, 'string', e.id);
      assert.ok(e.syntax.includes(e.name.replace(/^-/, '')), `${e.id}: syntax does not show ${e.name}`);
      if (e.kind === 'option') {
        assert.ok(/^-[A-Za-z][A-Za-z0-9_-]*$/.test(e.name), `${e.id}: option name ${e.name}`);
        assert.equal(e.usedWith, undefined, `${e.id}: options take no usedWith`);
      } else {
        assert.ok(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(e.name), `${e.id}: bare name ${e.name}`);
      }
      for (const a of e.aliases ?? []) {
        assert.ok(e.kind === 'option' ? a.startsWith('-') : !a.startsWith('-'), `${e.id}: alias ${a}`);
        assert.notEqual(a, e.name, `${e.id}: alias repeats the name`);
      }
      if (e.since !== undefined) assert.ok(/^\d+\.\d+(\.\d+)?$/.test(e.since), `${e.id}: since ${e.since}`);
    }
  });

  it('has both languages, one to three sentences each', () => {
    const han = /[\u4e00-\u9fff]/;
    for (const e of entries) {
      for (const lang of ['en', 'zh-cn'] as const) {
        const text = e[lang];
        assert.equal(typeof text, 'string', `${e.id}.${lang}`);
        assert.ok(text.trim().length > 0, `${e.id}.${lang} is empty`);
        assert.ok(!/\s{2,}|\n/.test(text), `${e.id}.${lang} has stray whitespace`);
      }
      assert.ok(!han.test(e.en), `${e.id}: Chinese in en`);
      assert.ok(han.test(e['zh-cn']), `${e.id}: zh-cn is not Chinese`);
      const enSentences = e.en.split(/[.!?](?:\s|$)/).filter((s) => s.trim()).length;
      const zhSentences = e['zh-cn'].split(/[。！？]/).filter((s) => s.trim()).length;
      assert.ok(enSentences >= 1 && enSentences <= 3, `${e.id}.en has ${enSentences} sentences`);
      assert.ok(zhSentences >= 1 && zhSentences <= 3, `${e.id}.zh-cn has ${zhSentences} sentences`);
    }
  });

  it('links only to the QEMU manual on qemu.org, over https', () => {
    for (const e of entries) {
      assert.ok(e.url.startsWith('https://www.qemu.org/docs/master/'), `${e.id}: ${e.url}`);
      const u = new URL(e.url);
      assert.ok(/\.html$/.test(u.pathname), `${e.id}: ${e.url}`);
      if (e.kind === 'option') assert.ok(/\/system\/invocation\.html#hxtool-\d+$/.test(e.url), `${e.id}: ${e.url}`);
    }
  });

  it('links only to concepts that exist', () => {
    for (const e of entries) if (e.concept !== undefined) assert.ok(conceptIds.has(e.concept), `${e.id}: ${e.concept}`);
    assert.equal(byId.get('opt-enable-kvm')?.concept, 'kvm');
    assert.equal(byId.get('accel-kvm')?.concept, 'kvm');
    assert.equal(byId.get('dev-vfio-pci')?.concept, 'vfio');
    assert.equal(byId.get('dev-vhost-user-fs-pci')?.concept, 'virtiofs');
    assert.equal(byId.get('opt-snapshot')?.concept, 'vm-snapshot');
    assert.equal(byId.get('machine-microvm')?.concept, 'microvm');
    assert.equal(byId.get('opt-incoming')?.concept, 'live-migration');
    assert.equal(byId.get('dev-virtio-net-pci')?.concept, 'virtio');
  });

  it('has unique names and aliases within each option namespace', () => {
    const optionNames = new Map<string, string>();
    for (const e of options) {
      for (const n of [e.name, ...(e.aliases ?? [])]) {
        assert.ok(!optionNames.has(n), `option ${n}: ${optionNames.get(n)} and ${e.id}`);
        optionNames.set(n, e.id);
      }
    }
    const canonical = (o: string): string => ref.option(o)?.name ?? o;
    const typeNames = new Map<string, string>();
    for (const e of entries) {
      if (e.kind === 'option') continue;
      const used = usedWith(e);
      assert.ok(used.length > 0, `${e.id}: no option names it`);
      for (const o of used) {
        assert.ok(ref.option(o), `${e.id}: usedWith ${o} is not an option entry`);
        for (const n of [e.name, ...(e.aliases ?? [])]) {
          const key = `${canonical(o)} ${n}`;
          assert.ok(!typeNames.has(key), `${key}: ${typeNames.get(key)} and ${e.id}`);
          typeNames.set(key, e.id);
        }
      }
    }
  });

  it('reaches every entry, alias and namespace through a command line', () => {
    for (const e of entries) {
      const names = [e.name, ...(e.aliases ?? [])];
      if (e.kind === 'option') {
        for (const n of names) {
          const line = `qemu-system-x86_64 ${n}`;
          expectEntry(hover(line, n, n, 0, ' '), e.id, line);
        }
        continue;
      }
      for (const o of usedWith(e)) {
        for (const n of names) {
          const line = `qemu-system-x86_64 ${o} ${n}`;
          const hit = expectEntry(hover(line, ` ${n}`, n), e.id, line);
          assert.equal(hit.token?.kind, 'type', line);
          assert.equal(hit.match?.option?.name, ref.option(o)?.name, line);
        }
      }
    }
  });
});

describe('QEMU hovers on command lines from the QEMU documentation', () => {
  it('microvm: -M, machine types and their properties, devices, continuation lines', () => {
    const t = fixture('microvm.sh');
    const m = expectEntry(hover(t, '-M microvm', '-M'), 'opt-machine', '-M');
    assert.equal(m.token?.kind, 'option');
    assert.equal(m.token?.text, '-M');
    const machine = expectEntry(hover(t, '-M microvm \\', 'microvm', 3), 'machine-microvm', 'microvm');
    assert.equal(machine.match?.option?.id, 'opt-machine');
    assert.equal(machine.match?.entry.concept, 'microvm');
    const prop = expectEntry(hover(t, 'pit=off', 'pit'), 'machine-microvm', 'pit=');
    assert.equal(prop.token?.kind, 'property');
    assert.equal(prop.token?.type, 'microvm');
    expectEntry(hover(t, '-enable-kvm'), 'opt-enable-kvm', '-enable-kvm');
    assert.equal(byId.get('opt-enable-kvm')?.concept, 'kvm');
    // A continuation line: `   -enable-kvm -cpu host -m 512m -smp 2 \`
    const mem = expectEntry(hover(t, '-m 512m', '512m', 1), 'opt-m', '512m');
    assert.equal(mem.token?.kind, 'argument');
    assert.equal(mem.token?.text, '512m');
    expectEntry(hover(t, '-cpu host', 'host'), 'opt-cpu', 'host');
    expectEntry(hover(t, 'virtio-blk-device'), 'dev-virtio-blk-device', 'virtio-blk-device');
    expectEntry(hover(t, 'virtio-net-device'), 'dev-virtio-net-device', 'virtio-net-device');
    expectEntry(hover(t, '-netdev tap,', 'tap'), 'netdev-tap', 'tap');
    expectEntry(hover(t, '-chardev stdio', 'stdio'), 'chardev-stdio', '-chardev stdio');
    expectEntry(hover(t, '-serial stdio', 'stdio'), 'opt-serial', '-serial stdio');
    expectEntry(hover(t, 'virtconsole'), 'dev-virtconsole', 'virtconsole');
    // Inside the quoted kernel command line: the argument of -append.
    const append = expectEntry(hover(t, 'console=ttyS0 root', 'root'), 'opt-append', 'quoted -append');
    assert.equal(append.token?.kind, 'argument');
    expectEntry(hover(t, '-no-user-config'), 'opt-no-user-config', '-no-user-config');
    // An option with no entry: the token is found, the lookup has nothing to show.
    const unknown = qemuTokenAt('qemu-system-x86_64 -not-an-option 1', 20);
    assert.equal(unknown?.kind, 'option');
    assert.equal(unknown && ref.lookup(unknown), undefined);
  });

  it('TPM: -accel, -tpmdev backends, chardev socket, the swtpm command around them', () => {
    const t = fixture('tpm.sh');
    const kvm = expectEntry(hover(t, '-accel kvm', 'kvm'), 'accel-kvm', 'kvm');
    assert.equal(kvm.match?.option?.id, 'opt-accel');
    expectEntry(hover(t, '-display sdl', 'sdl'), 'display-sdl', 'sdl');
    // `-m 1024 ...` starts at column 0 but continues the qemu-system line above it.
    expectEntry(hover(t, '-bios bios-256k.bin', '-bios'), 'opt-bios', '-bios');
    expectEntry(hover(t, '-tpmdev passthrough', 'passthrough'), 'tpmdev-passthrough', 'passthrough');
    expectEntry(hover(t, '-tpmdev emulator', 'emulator'), 'tpmdev-emulator', 'emulator');
    expectEntry(hover(t, '-chardev socket,id=chrtpm', 'socket'), 'chardev-socket', 'chardev socket');
    expectEntry(hover(t, 'tpm-tis,tpmdev=tpm0', 'tpm-tis'), 'dev-tpm-tis', 'tpm-tis');
    const prop = expectEntry(hover(t, 'tpm-tis,tpmdev=tpm0', 'tpmdev'), 'dev-tpm-tis', 'tpmdev=');
    assert.equal(prop.token?.kind, 'property');
    assert.equal(prop.match?.option?.id, 'opt-device');
    expectNothing(hover(t, 'swtpm socket', 'socket'), 'swtpm socket');
    expectNothing(hover(t, '--tpmstate'), 'swtpm --tpmstate');
    expectNothing(hover(t, '--ctrl'), 'swtpm --ctrl (continuation of swtpm)');
    expectNothing(hover(t, 'mkdir'), 'mkdir');
  });

  it('vfio-pci on s390x: the device, its properties, an unknown device', () => {
    const t = fixture('s390x-pci.sh');
    const vfio = expectEntry(hover(t, '-device vfio-pci,host=', 'vfio-pci', 2), 'dev-vfio-pci', 'vfio-pci');
    assert.equal(vfio.token?.kind, 'type');
    assert.equal(vfio.token?.text, 'vfio-pci');
    assert.equal(vfio.match?.option?.id, 'opt-device');
    assert.equal(vfio.match?.entry.concept, 'vfio');
    const host = expectEntry(hover(t, 'host=0000', 'host'), 'dev-vfio-pci', 'host=');
    assert.equal(host.token?.kind, 'property');
    assert.equal(host.token?.text, 'host');
    // The value of a property belongs to the property.
    expectEntry(hover(t, 'host=0000:00:00.0', '00:00.0'), 'dev-vfio-pci', 'host value');
    const zpci = hover(t, '-device zpci', 'zpci');
    assert.equal(zpci.token?.kind, 'type');
    assert.equal(zpci.match?.entry.id, 'opt-device');
    assert.equal(zpci.match?.exact, false);
    expectNothing(hover(t, 'qemu-system-s390x'), 'the program name');
  });

  it('vhost-user: memory backends, chardev socket, `-m 4096 \\` in a Markdown code block', () => {
    const t = fixture('vhost-user.md');
    expectNothing(hover(t, '--socket-path'), 'the daemon command');
    expectEntry(hover(t, '-m 4096 \\', '-m'), 'opt-m', '-m');
    expectEntry(hover(t, '-m 4096 \\', '4096'), 'opt-m', '4096');
    expectEntry(hover(t, '-chardev socket,id=ba1', 'socket'), 'chardev-socket', 'socket');
    expectEntry(hover(t, 'memory-backend-memfd'), 'object-memory-backend-memfd', 'memory-backend-memfd');
    const share = expectEntry(hover(t, 'share=on', 'share'), 'object-memory-backend-memfd', 'share=');
    assert.equal(share.token?.kind, 'property');
    assert.equal(share.match?.option?.id, 'opt-object');
    const foo = hover(t, 'vhost-user-foo');
    assert.equal(foo.match?.entry.id, 'opt-device');
    assert.equal(foo.match?.exact, false);
    expectEntry(hover(t, '-numa node,memdev', 'node'), 'opt-numa', '-numa node');
    expectNothing(hover(t, 'Then you start', 'start'), 'prose');
  });

  it('networking: -netdev and -nic backends, model= of -nic, device aliases, other commands', () => {
    const t = fixture('network.sh');
    const user = expectEntry(hover(t, '-netdev user,id=n1', 'user'), 'netdev-user', '-netdev user');
    assert.equal(user.match?.option?.id, 'opt-netdev');
    expectEntry(hover(t, '-device e1000,netdev=n1', 'e1000'), 'dev-e1000', '-device e1000');
    const nicUser = expectEntry(hover(t, '-nic user,ipv6', 'user'), 'netdev-user', '-nic user');
    assert.equal(nicUser.match?.option?.id, 'opt-nic');
    const model = expectEntry(hover(t, 'model=e1000', 'e1000', 2), 'dev-e1000', 'model=e1000');
    assert.equal(model.token?.typeOption, '-device');
    assert.equal(model.match?.option?.id, 'opt-nic');
    expectEntry(hover(t, 'user,hostfwd=tcp::5555', 'hostfwd'), 'netdev-user', 'hostfwd=');
    expectNothing(hover(t, 'xterm -display', '-display'), 'xterm -display');
    expectNothing(hover(t, 'telnet localhost', 'localhost'), 'telnet');
    expectEntry(hover(t, '-netdev tap,id=nd1', 'tap'), 'netdev-tap', 'tap on a continuation line');
    const rtl = hover(t, 'rtl8139');
    assert.equal(rtl.match?.exact, false);
    expectEntry(hover(t, '-device virtio-net,', 'virtio-net'), 'dev-virtio-net-pci', 'alias virtio-net');
    expectEntry(hover(t, '-netdev bridge', 'bridge'), 'netdev-bridge', 'bridge');
    expectEntry(hover(t, '-netdev socket,id=n1', 'socket'), 'netdev-socket', 'netdev socket');
    expectNothing(hover(t, '# launch a first QEMU instance', 'QEMU'), 'comment');
  });

  it('NUMA: a headless, indented block of options (`    -m 2G \\`)', () => {
    const t = fixture('numa-hmat.md');
    const m = expectEntry(hover(t, '-m 2G \\', '-m'), 'opt-m', '-m');
    assert.equal(m.token?.kind, 'option');
    expectEntry(hover(t, '-m 2G \\', '2G'), 'opt-m', '2G');
    expectEntry(hover(t, '-machine hmat=on', '-machine'), 'opt-machine', '-machine');
    const hmat = hover(t, '-machine hmat=on', 'hmat');
    assert.equal(hmat.token?.kind, 'property');
    assert.equal(hmat.match?.entry.id, 'opt-machine');
    assert.equal(hmat.match?.exact, false);
    expectEntry(
      hover(t, 'memory-backend-ram,size=1G,id=m1', 'memory-backend-ram'),
      'object-memory-backend-ram',
      'memory-backend-ram',
    );
    expectEntry(hover(t, '-numa hmat-cache,node-id=1', '-numa'), 'opt-numa', 'last line');
    expectNothing(hover(t, 'following options', 'options'), 'prose');
  });

  it('direct Linux boot and gdb: -kernel, -append, -s versus -S', () => {
    const t = fixture('linuxboot-gdb.sh');
    expectEntry(hover(t, '-kernel'), 'opt-kernel', '-kernel');
    expectEntry(hover(t, '-append "root=/dev/sda"', 'root'), 'opt-append', 'quoted -append');
    expectEntry(hover(t, '-nographic'), 'opt-nographic', '-nographic on a continuation line');
    expectEntry(hover(t, '-s -S', '-s'), 'opt-s', '-s');
    expectEntry(hover(t, '-s -S', '-S'), 'opt-S', '-S');
    expectEntry(hover(t, '-hda rootdisk.img', 'rootdisk'), 'opt-hda', '-hda argument');
    expectNothing(hover(t, 'gdb vmlinux', 'vmlinux'), 'gdb');
  });

  it('USB: -M pc, -usb, USB and SCSI devices', () => {
    const t = fixture('usb.sh');
    expectEntry(hover(t, '-M pc', 'pc'), 'machine-pc', '-M pc');
    expectEntry(hover(t, '-usb '), 'opt-usb', '-usb');
    expectEntry(hover(t, 'usb-tablet'), 'dev-usb-tablet', 'usb-tablet');
    expectEntry(hover(t, 'usb-tablet,bus=', 'bus'), 'dev-usb-tablet', 'bus= of usb-tablet');
    expectEntry(hover(t, 'usb-storage,bus'), 'dev-usb-storage', 'usb-storage');
    expectEntry(hover(t, 'nec-usb-xhci'), 'dev-nec-usb-xhci', 'nec-usb-xhci');
    expectEntry(hover(t, 'usb-uas,id'), 'dev-usb-uas', 'usb-uas');
    expectEntry(hover(t, '-device scsi-hd,bus=uas.0', 'scsi-hd'), 'dev-scsi-hd', 'scsi-hd');
    expectEntry(hover(t, '-device scsi-cd', 'scsi-cd'), 'dev-scsi-cd', 'scsi-cd');
    const ehci = hover(t, 'usb-ehci,id=ehci', 'usb-ehci');
    assert.equal(ehci.match?.exact, false);
    expectEntry(hover(t, 'media=cdrom', 'cdrom'), 'opt-drive', '-drive media=');
  });

  it('introduction: `type=` keys, help, headless code blocks at column 0, blockdev drivers', () => {
    const t = fixture('introduction.md');
    const help = hover(t, '-M help', 'help');
    assert.equal(help.token?.kind, 'type');
    assert.equal(help.match?.entry.id, 'opt-machine');
    assert.equal(help.match?.exact, false);
    const scsiHelp = expectEntry(hover(t, 'scsi-hd,help', 'help'), 'dev-scsi-hd', 'scsi-hd,help');
    assert.equal(scsiHelp.token?.kind, 'property');
    expectEntry(hover(t, 'type=virt', 'virt'), 'machine-virt', 'type=virt');
    expectEntry(hover(t, '-m 4096 \\', '-m'), 'opt-m', '-m');
    expectEntry(hover(t, '-cpu max', '-cpu'), 'opt-cpu', '-cpu at column 0');
    expectEntry(hover(t, '-accel tcg', 'tcg'), 'accel-tcg', 'tcg');
    expectEntry(hover(t, '-device virtio-net-pci', 'virtio-net-pci'), 'dev-virtio-net-pci', 'virtio-net-pci');
    expectEntry(hover(t, '-device virtio-scsi-pci', 'virtio-scsi-pci'), 'dev-virtio-scsi-pci', 'virtio-scsi-pci');
    expectEntry(hover(t, '-netdev user,id=unet', 'user'), 'netdev-user', 'a one-line block');
    expectEntry(hover(t, 'driver=raw', 'raw'), 'blockdev-raw', 'driver=raw');
    expectEntry(hover(t, 'file.driver=host_device', 'file.driver'), 'blockdev-raw', 'file.driver=');
    expectEntry(hover(t, 'driver=file', 'file'), 'blockdev-file', 'driver=file');
    expectEntry(hover(t, '-display none', 'none'), 'display-none', '-display none');
    expectEntry(hover(t, '-serial mon:stdio', 'mon'), 'opt-serial', '-serial mon:stdio');
    expectNothing(hover(t, 'define a `virt` machine', 'virt'), 'prose');
  });

  it('Intel TDX: the tdx-guest object and a machine type written as ...', () => {
    const t = fixture('tdx.sh');
    const tdx = expectEntry(hover(t, 'tdx-guest'), 'object-tdx-guest', 'tdx-guest');
    assert.equal(tdx.match?.entry.concept, 'intel-tdx');
    const cgs = hover(t, 'confidential-guest-support');
    assert.equal(cgs.token?.kind, 'property');
    assert.equal(cgs.match?.entry.id, 'opt-machine');
    expectEntry(hover(t, 'OVMF.fd'), 'opt-bios', '-bios OVMF.fd');
  });
});

describe('QEMU hovers: what must show nothing, and robustness', () => {
  it('shows nothing in shell commands that are not QEMU', () => {
    const script =
      '#!/bin/sh\nset -e\nls -l /var/lib/libvirt/images\ncp -a disk.qcow2 /tmp \\\n  -v\nqemu-system-x86_64 -m 2G\n';
    expectNothing(hover(script, 'ls -l', '-l'), 'ls -l');
    expectNothing(hover(script, 'set -e', '-e'), 'set -e');
    expectNothing(hover(script, 'ls -l', 'ls'), 'ls');
    expectNothing(hover(script, '  -v', '-v'), 'continuation of cp');
    expectEntry(hover(script, '-m 2G', '-m'), 'opt-m', 'the QEMU line after them');
    const line = 'ls -l';
    expectNothing({ token: qemuTokenAt(line, 3), match: undefined }, 'a lone ls -l');
  });

  it('keeps commands apart at ; && | and does not treat a Markdown bullet as options', () => {
    const t = 'qemu-system-x86_64 -m 1G; ls -l && grep -c vmx /proc/cpuinfo | tee -a log';
    expectEntry(hover(t, '-m 1G', '-m'), 'opt-m', '-m');
    expectNothing(hover(t, 'ls -l', '-l'), 'ls -l after ;');
    expectNothing(hover(t, 'grep -c', '-c'), 'grep -c');
    expectNothing(hover(t, 'tee -a', '-a'), 'tee -a');
    const md = '- first item \\\n  -m 2G\n';
    expectNothing(hover(md, '-m 2G', '-m'), 'a bullet with a trailing backslash');
  });

  it('never throws on malformed input and offsets out of range', () => {
    const odd = [
      '',
      '\\',
      '\\\\\n',
      '"',
      "'unterminated",
      'qemu-system-x86_64 "',
      "qemu-system-x86_64 -device 'a,b",
      'qemu-system-x86_64 -device ,,,,=,=',
      'qemu-system-x86_64 -device =',
      'qemu-system-x86_64 -drive file=a,,b,,',
      'qemu-system-x86_64 -machine accel=::kvm:',
      '-\n-\\\n-',
      ' -m \\\r\n -M \\\r\n',
      '😀 -m 😀 \\\n -device 😀,😀=😀',
      'qemu-system-x86_64 -- --- -',
      '\u0000\u0001 -device \u0000',
      '#\\\n-m 1G \\\n-smp 2',
    ];
    for (const s of odd) {
      for (let off = -2; off <= s.length + 2; off++) {
        const token = qemuTokenAt(s, off);
        if (token) {
          assert.ok(
            token.start >= 0 && token.end <= s.length && token.start <= token.end,
            `${JSON.stringify(s)} @${off}`,
          );
          ref.lookup(token);
        }
      }
      for (const off of [NaN, 1.5, Infinity, -Infinity]) assert.equal(qemuTokenAt(s, off), undefined);
    }
    assert.equal(qemuTokenAt(undefined as unknown as string, 0), undefined);
    assert.equal(qemuTokenAt(42 as unknown as string, 0), undefined);
  });

  it('stays fast on huge input', () => {
    const lines =
      'qemu-system-x86_64 \\\n' +
      '    -device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56 \\\n'.repeat(20000) +
      '    -m 2G\n';
    const oneLine = 'qemu-system-x86_64 ' + '-device virtio-blk-pci,drive=d0 '.repeat(30000);
    const noNewlines = 'x'.repeat(500000) + ' -m 2G';
    const t0 = Date.now();
    for (const s of [lines, oneLine, noNewlines]) {
      for (const off of [0, 1, s.length >> 1, s.length - 3, s.length]) {
        const token = qemuTokenAt(s, off);
        if (token) ref.lookup(token);
      }
    }
    // 20,000 continuation lines: only MAX_LINES around the cursor are read, and they are options.
    const mid = qemuTokenAt(lines, lines.indexOf('virtio-net-pci', lines.length >> 1) + 1);
    assert.equal(mid && ref.lookup(mid)?.entry.id, 'dev-virtio-net-pci');
    // A single line of about 1 MB: near its head the command is still recognised.
    const early = qemuTokenAt(oneLine, oneLine.indexOf('virtio-blk-pci') + 1);
    assert.equal(early && ref.lookup(early)?.entry.id, 'dev-virtio-blk-pci');
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
  });

  it('finds something on every fixture and never throws at any position', () => {
    const files = readdirSync(FIXTURES).sort();
    assert.ok(files.length >= 8, `fixtures: ${files.join(', ')}`);
    for (const f of files) {
      const t = fixture(f);
      let found = 0;
      for (let off = 0; off <= t.length; off++) {
        const token = qemuTokenAt(t, off);
        if (!token) continue;
        assert.ok(token.start <= off && off <= token.end, `${f} @${off}`);
        if (ref.lookup(token)?.exact) found++;
      }
      assert.ok(found > 0, `${f}: no hover`);
    }
  });
});
