// The QEMU → libvirt converter against a real libvirtd: each corpus line's XML is defined on
// qemu:///system (its name made unique, its disks replaced by scratch images, domain type
// qemu since the test machines have no KVM), then `virsh domxml-to-native qemu-argv` of the
// defined domain is compared with the input line: memory, vCPU count and topology, machine
// type, disk count and formats, NIC models and count. A few lines are also started under TCG
// and destroyed. Every check is its own test, so the tier's counts say how many lines pass each.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertQemu, type Conversion } from '../../src/core/qemu/convert';
import { parseCommand, parseSize, readArgs, splitItems } from '../../src/core/qemu/convert/parse';
import { corpus, qemuDatas } from '../unit/support/qemuCorpus';
import { uniqueName, virsh } from './guests';

const STARTABLE = new Set([
  'qemu-memory-hotplug-doc',
  'cavecarver-qmp-rtc',
  'dev-tips-headless-ubuntu',
  'qemu-mx-start',
]);
const DISK_DEVICES = new Set([
  'virtio-blk-pci',
  'virtio-blk-device',
  'virtio-blk',
  'scsi-hd',
  'scsi-cd',
  'scsi-disk',
  'ide-hd',
  'ide-cd',
  'ide-drive',
  'usb-storage',
]);
const NIC_DEVICES = /^(virtio-net(-pci|-device)?|e1000(e|-82545em)?|rtl8139|vmxnet3|ne2k_pci|pcnet|i82559er)$/;
const nicFamily = (m: string) => (m.startsWith('virtio') ? 'virtio' : m.replace(/-82545em$/, ''));

interface Facts {
  memoryMiB: number;
  vcpus: number;
  topology?: string;
  machine?: string;
  disks: number;
  formats: string[];
  nics: string[];
}

/** What the input command line asks for, read from the line itself. */
function inputFacts(line: string): Facts {
  const parsed = parseCommand(line, qemuDatas());
  if (typeof parsed === 'string') throw new Error(parsed);
  const data = qemuDatas()[parsed.arch === 'x86_64' ? 0 : 1];
  let memory = 128 * 2 ** 20;
  let backendMemory = 0;
  let vcpus = 1;
  let topology: string | undefined;
  let machine: string | undefined = parsed.arch === 'aarch64' ? 'virt' : 'pc';
  let disks = 0;
  const formats: string[] = [];
  const nics: string[] = [];
  const objects = new Map<string, number>();
  for (const o of parsed.opts)
    if (o.option === '-object' && o.arg) {
      const m = readArgs('-object', o.arg).map;
      if (m.get('id')) objects.set(m.get('id') as string, parseSize(m.get('size'), 1) ?? 0);
    }
  for (const o of parsed.opts)
    if ((o.option === '-machine' || o.option === '-M') && o.arg)
      machine = readArgs(o.option, o.arg).map.get('type') ?? machine;
  for (const o of parsed.opts) {
    const m = o.arg !== undefined ? readArgs(o.option, o.arg).map : new Map<string, string>();
    if (o.positional) disks++;
    switch (o.option) {
      case '-m':
        memory = parseSize(m.get('size'), 2 ** 20) ?? memory;
        break;
      case '-numa':
        if (m.get('memdev')) backendMemory += objects.get(m.get('memdev') as string) ?? 0;
        break;
      case '-machine':
      case '-M':
        if (m.get('type')) machine = m.get('type');
        if (m.get('memory-backend')) backendMemory = objects.get(m.get('memory-backend') as string) ?? 0;
        break;
      case '-smp': {
        // As QEMU fills in -smp: without cpus= the missing counts are 1; with it, the missing one is derived.
        const n = (k: string) => (m.get(k) ? Number(m.get(k)) : undefined);
        const cpus = n('cpus');
        let [sockets, cores, threads] = [n('sockets'), n('cores'), n('threads')];
        const given = [sockets, cores, threads].some((x) => x !== undefined);
        threads ??= 1;
        if (cpus === undefined) {
          sockets ??= 1;
          cores ??= 1;
        } else {
          const total = n('maxcpus') ?? cpus;
          if (sockets === undefined && cores === undefined) sockets = total / threads;
          cores ??= total / ((sockets as number) * threads);
          sockets ??= total / (cores * threads);
        }
        vcpus = cpus ?? (sockets as number) * cores * threads;
        if (given) topology = `sockets=${sockets},cores=${cores},threads=${threads}`;
        break;
      }
      case '-drive': {
        const iface = m.get('if');
        if (iface === 'pflash' || iface === 'none' || (m.get('file') ?? '').startsWith('fat:')) break;
        disks++;
        if (m.get('format')) formats.push(m.get('format') as string);
        break;
      }
      case '-hda':
      case '-hdb':
      case '-hdc':
      case '-hdd':
      case '-cdrom':
        disks++;
        break;
      case '-device': {
        const d = m.get('driver') ?? '';
        if (DISK_DEVICES.has(d)) disks++;
        if (NIC_DEVICES.test(d)) nics.push(nicFamily(d));
        break;
      }
      case '-nic':
        if (m.get('type') !== 'none')
          nics.push(
            nicFamily(
              m.get('model') ?? (parsed.arch === 'aarch64' ? 'virtio' : /q35/.test(machine ?? '') ? 'e1000e' : 'e1000'),
            ),
          );
        break;
      case '-net':
        if (m.get('type') === 'nic')
          nics.push(
            nicFamily(
              m.get('model') ?? (parsed.arch === 'aarch64' ? 'virtio' : /q35/.test(machine ?? '') ? 'e1000e' : 'e1000'),
            ),
          );
        break;
    }
  }
  // -drive if=none behind a disk device is counted by the device; its format counts too.
  for (const o of parsed.opts)
    if (o.option === '-drive' && o.arg) {
      const m = readArgs('-drive', o.arg).map;
      if (m.get('if') === 'none' && m.get('format')) formats.push(m.get('format') as string);
    }
  if (backendMemory) memory = backendMemory;
  // `pc` and `q35` are aliases of the newest versioned type (data/qemu: "… (alias of pc-q35-7.2)").
  const alias = machine ? /\(alias of ([^)]+)\)/.exec(data.machines[machine] ?? '') : null;
  return {
    memoryMiB: Math.round(memory / 2 ** 20),
    vcpus,
    topology,
    machine: alias ? alias[1] : machine,
    disks,
    formats: formats.sort(),
    nics: nics.sort(),
  };
}

/** The same facts from the QEMU command line libvirt would run (JSON or key=value -device). */
function nativeFacts(argv: string): Facts {
  const words = argv.split(/\s+(?=-)/);
  const facts: Facts = { memoryMiB: 0, vcpus: 0, disks: 0, formats: [], nics: [] };
  for (let i = 0; i < words.length; i++) {
    const [opt, ...rest] = words[i].split(' ');
    const arg = rest.join(' ').replace(/^'|'$/g, '');
    if (opt === '-m') {
      const size = /size=(\d+)k/.exec(arg);
      facts.memoryMiB = size ? Math.round(Number(size[1]) / 1024) : Number(splitItems(arg)[0].key);
    } else if (opt === '-smp') {
      const m = readArgs('-smp', arg).map;
      facts.vcpus = Number(m.get('cpus'));
      if (m.get('sockets'))
        facts.topology = `sockets=${m.get('sockets')},cores=${m.get('cores')},threads=${m.get('threads')}`;
    } else if (opt === '-machine') facts.machine = splitItems(arg)[0].key;
    else if (opt === '-device') {
      const driver = arg.startsWith('{') ? (JSON.parse(arg) as { driver: string }).driver : splitItems(arg)[0].key;
      if (DISK_DEVICES.has(driver)) facts.disks++;
      if (NIC_DEVICES.test(driver)) facts.nics.push(nicFamily(driver));
    } else if (opt === '-blockdev' && arg.startsWith('{')) {
      const node = JSON.parse(arg) as { driver: string; 'node-name'?: string };
      if (/-format$/.test(node['node-name'] ?? '')) facts.formats.push(node.driver);
    }
  }
  facts.formats.sort();
  facts.nics.sort();
  return facts;
}

/** The XML made safe to define here: unique name, type qemu, every disk a scratch image. */
function forThisHost(xml: string, name: string, dir: string): string {
  let n = 0;
  return (
    xml
      .replace(/<name>[^<]*<\/name>/, `<name>${name}</name>`)
      .replace(/<domain type='kvm'/, "<domain type='qemu'")
      // Under TCG libvirt offers `maximum` for what KVM calls host-passthrough; no hugetlbfs here.
      .replace(/<cpu mode='host-passthrough'/, "<cpu mode='maximum'")
      .replace(/<hugepages\/>/, '')
      // The tap scripts of the published lines are not on this host.
      .replace(/<script path='[^']*'\/>/g, '')
      .replace(/<uuid>[^<]*<\/uuid>/, '')
      .replace(
        /<disk type='(file|block|network)' device='(disk|cdrom|floppy)'>([\s\S]*?)<\/disk>/g,
        (_all, _t, device: string, body: string) => {
          const fmt = /<driver name='qemu' type='([^']+)'/.exec(body)?.[1] ?? 'raw';
          const image = join(dir, `disk${n++}.${fmt === 'qcow2' ? 'qcow2' : 'img'}`);
          execFileSync('qemu-img', ['create', '-q', '-f', fmt === 'qcow2' ? 'qcow2' : 'raw', image, '16M']);
          const inner = body
            .replace(/<source [^>]*\/>|<source [\s\S]*?<\/source>/, `<source file='${image}'/>`)
            .replace(
              /<driver name='qemu' type='[^']+'/,
              `<driver name='qemu' type='${fmt === 'qcow2' ? 'qcow2' : 'raw'}'`,
            );
          return `<disk type='file' device='${device}'>${inner.includes('<source') ? inner : inner.replace(/(<driver[^>]*\/>)/, `$1<source file='${image}'/>`)}</disk>`;
        },
      )
      .replace(/<nvram>[^<]*<\/nvram>/, `<nvram>${join(dir, 'VARS.fd')}</nvram>`)
  );
}

describe('QEMU → libvirt converter on a real libvirtd', function () {
  this.timeout(300_000);
  for (const l of corpus()) {
    describe(l.id, () => {
      const name = uniqueName('virtkit-conv');
      const dir = mkdtempSync(join(tmpdir(), 'virtkit-conv-'));
      chmodSync(dir, 0o755);
      let native = '';
      let defined = false;
      const input = inputFacts(l.line);
      after(async () => {
        await virsh('destroy', name).catch(() => undefined);
        await virsh('undefine', name, '--nvram').catch(() => virsh('undefine', name).catch(() => undefined));
        rmSync(dir, { recursive: true, force: true });
      });

      it('virsh define accepts the XML', async function () {
        const r = convertQemu(l.line, qemuDatas()) as Conversion;
        const file = join(dir, 'domain.xml');
        writeFileSync(file, forThisHost(r.xml, name, dir));
        try {
          await virsh('define', file);
        } catch (e) {
          // libvirt offers TPM 2.0 only when swtpm_setup (Debian: swtpm-tools, which .ci/run
          // installs) says it can set one up; it reads that when the daemon starts.
          if (/TPM version '2.0' is not supported/.test(String(e)))
            throw new Error(`${String(e)}\nInstall swtpm-tools and restart libvirtd: this line needs a TPM 2.0.`);
          // A distribution's own machine type (RHEL's pc-i440fx-rhel7.6.0) that this host's QEMU,
          // as captured in data/qemu, does not have: libvirt checks it against the emulator.
          const machine = input.machine ?? '';
          if (/does not support machine type/.test(String(e)) && !qemuDatas().some((d) => machine in d.machines))
            this.skip();
          throw e;
        }
        try {
          native = await virsh('domxml-to-native', 'qemu-argv', '--domain', name);
        } catch (e) {
          // TPM passthrough opens the host's TPM to build the command line; this host has none.
          if (/Could not open TPM device/.test(String(e)) && !existsSync('/dev/tpm0')) this.skip();
          throw e;
        }
        defined = true; // the comparisons need both answers
      });
      const check = (what: string, fn: (out: Facts) => void) =>
        it(what, function () {
          if (!defined) this.skip();
          fn(nativeFacts(native));
        });
      check('same memory', (out) => assert.equal(out.memoryMiB, input.memoryMiB));
      check('same vCPU count and topology', (out) => {
        assert.equal(out.vcpus, input.vcpus);
        if (input.topology) assert.equal(out.topology, input.topology);
      });
      check('same machine type', (out) => assert.equal(out.machine, input.machine));
      check('same disk count and formats', (out) => {
        assert.equal(out.disks, input.disks);
        for (const f of input.formats) assert.ok(out.formats.includes(f), `${f} in ${out.formats.join(',')}`);
      });
      check('same NIC models and count', (out) => assert.deepEqual(out.nics, input.nics));
      if (STARTABLE.has(l.id))
        it('starts under TCG and is destroyed', async function () {
          if (!defined) this.skip();
          await virsh('start', name);
          assert.match(await virsh('domstate', name), /running/);
          await virsh('destroy', name);
        });
    });
  }
});
