// The QEMU → libvirt converter (src/core/qemu/convert) on the corpus of published command lines:
// every generated document is accepted by the in-process validator and by virt-xml-validate,
// and every option of every line is either visible in the XML or listed in `unmapped`.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  convertQemu,
  qemuToLibvirt,
  unmappedReason,
  UNMAPPED_CODES,
  type Conversion,
} from '../../src/core/qemu/convert';
import { parseCommand } from '../../src/core/qemu/convert/parse';
import { createLibvirtValidator } from '../../src/core/validation/libvirtValidator';
import { nodeSchemaLoader } from '../../src/core/validation/nodeSchemaLoader';
import { validateLibvirtXmlFile } from '../../src/core/validation/virtXmlValidate';
import { corpus, qemuDatas, repo } from './support/qemuCorpus';

const validator = createLibvirtValidator(
  nodeSchemaLoader({
    schemaDir: join(repo, 'data/libvirt-schemas'),
    wasmFile: join(repo, 'dist/libxml2.wasm'),
    label: 'bundled',
  }),
);

function convert(line: string): Conversion {
  const r = convertQemu(line, qemuDatas());
  assert.ok(!('error' in r), `no conversion: ${JSON.stringify(r)}`);
  return r as Conversion;
}

/** What in the XML shows that an option was taken in: read from the XML, not from the converter's bookkeeping. */
const EVIDENCE: Record<string, RegExp> = {
  '-name': /<name>/,
  '-uuid': /<uuid>/,
  '-machine': /<type arch='[^']+' machine=|<domain type='(kvm|qemu)'|<features>/,
  '-M': /<type arch='[^']+' machine=/,
  '-accel': /<domain type='(kvm|qemu)'/,
  '-enable-kvm': /<domain type='kvm'/,
  '-cpu': /<cpu /,
  '-smp': /<vcpu[^>]*>\d+<\/vcpu>/,
  '-m': /<memory unit='KiB'/,
  '-object': /<memoryBacking>|<rng |<cell |<iothreads>/,
  '-numa': /<numa>/,
  '-drive': /<disk |<loader |<nvram>/,
  '-blockdev': /<disk |<loader /,
  '-hda': /<disk /,
  '-cdrom': /device='cdrom'/,
  '-device':
    /<(disk|interface|controller|input|video|sound|codec|rng|tpm|watchdog|memballoon|vsock|hostdev|hub|channel|console|serial|redirdev|filesystem|panic|iommu)[ />]/,
  '-netdev': /<interface /,
  '-nic': /<interface /,
  '-net': /<interface /,
  '-chardev': /<(serial|channel|console|redirdev|tpm) /,
  '-tpmdev': /<tpm /,
  '-fsdev': /<filesystem /,
  '-virtfs': /<filesystem /,
  '-k': /<graphics [^>]*keymap=/,
  '-audiodev': /<audio /,
  '-audio': /<audio /,
  '-soundhw': /<sound /,
  '-realtime': /<locked\/>/,
  '-overcommit': /<locked\/>/,
  '-bios': /<loader readonly='yes' type='rom'>/,
  '-pflash': /<loader /,
  '-kernel': /<kernel>/,
  '-initrd': /<initrd>/,
  '-append': /<cmdline>/,
  '-dtb': /<dtb>/,
  '-boot': /<boot |<bootmenu /,
  '-rtc': /<clock offset=/,
  '-serial': /<serial /,
  '-vnc': /<graphics type='vnc'/,
  '-spice': /<graphics type='spice'/,
  // No <graphics> is libvirt's -display none.
  '-display': /<graphics |^(?![\s\S]*<graphics)/,
  // With its own -serial, -nographic leaves only the absence of a display, as -display none does.
  '-nographic': /<serial type='pty'|^(?![\s\S]*<graphics)/,
  '-vga': /<video>/,
  '-usb': /<controller type='usb' model='(?!none)/,
  '-usbdevice': /<input [^>]*bus='usb'/,
  '-smbios': /<sysinfo type='smbios'>/,
  '-fw_cfg': /<sysinfo type='fwcfg'>/,
  '-global': /<timer |<pm>/,
  '-no-reboot': /<on_reboot>destroy/,
  '-watchdog-action': /<watchdog [^>]*action=/,
  '-snapshot': /<transient\/>/,
  '-mem-prealloc': /<allocation mode='immediate'/,
};

describe('QEMU → libvirt converter: the corpus', function () {
  this.timeout(120_000);
  const lines = corpus();
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-qemu-corpus-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds at least 40 published lines, both architectures, each with a source', () => {
    assert.ok(lines.length >= 40, String(lines.length));
    assert.ok(lines.some((l) => l.arch === 'aarch64') && lines.some((l) => l.arch === 'x86_64'));
    for (const l of lines) assert.match(l.source, /^https?:\/\//, l.id);
    assert.equal(new Set(lines.map((l) => l.id)).size, lines.length);
  });

  for (const l of lines) {
    it(`${l.id}: valid for both validators; every option represented or reported`, async () => {
      const r = convert(l.line);
      assert.equal(r.arch, l.arch);
      const inProcess = await validator.validate(r.xml);
      assert.equal(inProcess.status, 'valid', `${JSON.stringify(inProcess, null, 1)}\n${r.xml}`);
      const file = join(dir, `${l.id}.xml`);
      writeFileSync(file, r.xml);
      const tool = await validateLibvirtXmlFile(file, { schema: 'domain' });
      assert.equal(tool.status, 'valid', `${JSON.stringify(tool)}\n${r.xml}`);
      if (r.unmapped.some((u) => u.passthrough))
        assert.match(r.xml, /xmlns:qemu='http:\/\/libvirt.org\/schemas\/domain\/qemu\/1.0'/);
      const parsed = parseCommand(l.line, qemuDatas());
      assert.ok(typeof parsed !== 'string');
      for (const opt of parsed.opts) {
        const reported = r.unmapped.some((u) => u.option === opt.written || u.option.startsWith(`${opt.written} `));
        const evidence = opt.positional ? /<disk / : EVIDENCE[opt.option];
        assert.ok(
          reported || (evidence !== undefined && evidence.test(r.xml)),
          `${opt.written} ${opt.arg ?? ''}: neither in the XML nor reported`,
        );
      }
      for (const u of r.unmapped.filter((x) => x.passthrough)) {
        const first = u.option.split(' ')[0];
        assert.ok(
          r.xml.includes(`<qemu:arg value='${first.replace(/^--/, '-')}'/>`) || r.xml.includes(`value='${first}'`),
          u.option,
        );
      }
    });
  }
});

describe('QEMU → libvirt converter: option families', () => {
  const x = (line: string) => convert(`qemu-system-x86_64 ${line}`);
  const codes = (r: Conversion) => r.unmapped.map((u) => u.code);

  it('-name, -uuid, -m with slots and maxmem, -smp topology', () => {
    const r = x(
      '-name guest=web1,debug-threads=on -uuid 6b1d2b7a-2b8e-4a41-9f0e-54c1f9a8a0d1 -m 2G,slots=4,maxmem=8G -smp 8,sockets=2,cores=2,threads=2',
    );
    assert.match(r.xml, /<name>web1<\/name>/);
    assert.match(r.xml, /<uuid>6b1d2b7a-2b8e-4a41-9f0e-54c1f9a8a0d1<\/uuid>/);
    assert.match(r.xml, /<memory unit='KiB'>2097152<\/memory>/);
    assert.match(r.xml, /<maxMemory slots='4' unit='KiB'>8388608<\/maxMemory>/);
    assert.match(r.xml, /<vcpu placement='static'>8<\/vcpu>/);
    assert.match(r.xml, /<topology sockets='2' dies='1' cores='2' threads='2'\/>/);
    assert.ok(codes(r).includes('libvirt-manages'));
  });

  it('-smp with maxcpus gives current vCPUs; -m plain numbers are MiB', () => {
    const r = x('-smp 2,maxcpus=4 -m 1024');
    assert.match(r.xml, /<vcpu placement='static' current='2'>4<\/vcpu>/);
    assert.match(r.xml, /<memory unit='KiB'>1048576</);
  });

  it('domain type: TCG by default, kvm from -enable-kvm, -accel kvm or -machine accel=kvm', () => {
    assert.match(x('-m 1G').xml, /<domain type='qemu'/);
    assert.match(x('-enable-kvm').xml, /<domain type='kvm'/);
    assert.match(x('-accel kvm').xml, /<domain type='kvm'/);
    assert.match(x('-machine q35,accel=kvm').xml, /<domain type='kvm'/);
    assert.match(x('-accel tcg').xml, /<domain type='qemu'/);
  });

  it('-cpu: model and flags, host, hyperv enlightenments, kvm=off', () => {
    const r = x('-cpu Skylake-Client,+avx2,-hle,sse4_2,hv_relaxed,hv_spinlocks=0x1fff,hv_time,kvm=off');
    assert.match(r.xml, /<cpu mode='custom' match='exact' check='none'>/);
    assert.match(r.xml, /<model fallback='allow'>Skylake-Client<\/model>/);
    assert.match(r.xml, /<feature policy='require' name='avx2'\/>/);
    assert.match(r.xml, /<feature policy='disable' name='hle'\/>/);
    assert.match(r.xml, /<feature policy='require' name='sse4.2'\/>/);
    assert.match(r.xml, /<relaxed state='on'\/>/);
    assert.match(r.xml, /<spinlocks state='on' retries='8191'\/>/);
    assert.match(r.xml, /<timer name='hypervclock' present='yes'\/>/);
    assert.match(r.xml, /<hidden state='on'\/>/);
    assert.match(x('-cpu host').xml, /<cpu mode='host-passthrough'/);
  });

  it('-object memory-backend-* with -numa: cells, shared access, hugepages, numatune', () => {
    const r = x(
      '-m 2G -smp 4 -object memory-backend-file,id=m0,size=1G,mem-path=/dev/hugepages,share=on,host-nodes=0,policy=bind -object memory-backend-ram,id=m1,size=1G -numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1,cpus=2-3,memdev=m1',
    );
    assert.match(r.xml, /<cell id='0' cpus='0-1' memory='1048576' unit='KiB' memAccess='shared'\/>/);
    assert.match(r.xml, /<cell id='1' cpus='2-3' memory='1048576' unit='KiB'\/>/);
    assert.match(r.xml, /<hugepages\/>/);
    assert.match(r.xml, /<access mode='shared'\/>/);
    assert.match(r.xml, /<memnode cellid='0' mode='strict' nodeset='0'\/>/);
  });

  it('-drive: file, format, if, media, cache, discard, readonly, snapshot', () => {
    const r = x(
      '-drive file=/img/a.qcow2,format=qcow2,if=virtio,cache=none,discard=unmap,aio=native -drive file=/img/b.iso,media=cdrom,readonly=on -drive file=/img/c.raw,if=scsi,format=raw,snapshot=on',
    );
    assert.match(
      r.xml,
      /<driver name='qemu' type='qcow2' cache='none' io='native' discard='unmap'\/>\s*<source file='\/img\/a.qcow2'\/>\s*<target dev='vda' bus='virtio'\/>/,
    );
    assert.match(
      r.xml,
      /device='cdrom'>[\s\S]*?<source file='\/img\/b.iso'\/>\s*<target dev='hda' bus='ide'\/>[\s\S]*?<readonly\/>/,
    );
    assert.match(r.xml, /<target dev='sda' bus='scsi'\/>\s*<transient\/>/);
    assert.match(r.xml, /<controller type='scsi' index='0' model='virtio-scsi'\/>/);
  });

  it('a virtio CD-ROM becomes a SCSI one; -vga none gives way to a display device', () => {
    const r = x('-drive file=/iso/a.iso,if=virtio,media=cdrom');
    assert.match(r.xml, /<target dev='sda' bus='scsi'\/>/);
    assert.match(r.xml, /<controller type='scsi' index='0' model='virtio-scsi'\/>/);
    const v = x('-vga none -device ramfb').xml;
    assert.match(v, /<model type='ramfb'\/>/);
    assert.doesNotMatch(v, /<model type='none'\/>/);
  });

  it('a -device may name a -drive that comes later on the line', () => {
    const r = x('-device virtio-blk-pci,drive=d0 -drive id=d0,if=none,format=qcow2,file=/img/late.qcow2');
    assert.match(
      r.xml,
      /<driver name='qemu' type='qcow2'\/>\s*<source file='\/img\/late.qcow2'\/>\s*<target dev='vda' bus='virtio'\/>/,
    );
    assert.deepEqual(r.unmapped, []);
  });

  it('-hda, -cdrom on q35 go to SATA; relative paths are made absolute and reported', () => {
    const r = x('-M q35 -hda disk.img -cdrom /iso/install.iso');
    assert.match(r.xml, /<source file='\/var\/lib\/libvirt\/images\/disk.img'\/>\s*<target dev='sda' bus='sata'\/>/);
    assert.match(r.xml, /<target dev='sdc' bus='sata'\/>/);
    const rel = r.unmapped.find((u) => u.code === 'relative-path');
    assert.deepEqual(rel?.args, ['disk.img', '/var/lib/libvirt/images/disk.img']);
    const based = convertQemu('qemu-system-x86_64 -hda disk.img', qemuDatas(), { base: '/home/u/vm' }) as Conversion;
    assert.match(based.xml, /<source file='\/home\/u\/vm\/disk.img'\/>/);
  });

  it('-blockdev chains (dotted keys and JSON) behind -device', () => {
    const r = x(
      '-blockdev driver=file,node-name=f0,filename=/img/a.qcow2,discard=unmap -blockdev driver=qcow2,node-name=d0,file=f0,read-only=on -device virtio-blk-pci,drive=d0,bootindex=0',
    );
    assert.match(
      r.xml,
      /<driver name='qemu' type='qcow2' discard='unmap'\/>\s*<source file='\/img\/a.qcow2'\/>\s*<target dev='vda' bus='virtio'\/>\s*<boot order='1'\/>\s*<readonly\/>/,
    );
    const j = x(
      `-blockdev '{"driver":"qcow2","node-name":"d1","file":{"driver":"file","filename":"/img/j.qcow2"}}' -device scsi-hd,drive=d1 -device virtio-scsi-pci,id=s0`,
    );
    assert.match(j.xml, /<source file='\/img\/j.qcow2'\/>\s*<target dev='sda' bus='scsi'\/>/);
  });

  it('NICs: -netdev user/tap/bridge with -device, -nic, -net nic + -net user; hostfwd reported', () => {
    const r = x(
      '-netdev user,id=n0,hostfwd=tcp::2222-:22 -device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56 -netdev tap,id=n1,ifname=tap0,script=no,downscript=no,vhost=on -device e1000,netdev=n1 -netdev bridge,id=n2,br=br0 -device rtl8139,netdev=n2',
    );
    assert.match(r.xml, /<interface type='user'>\s*<mac address='52:54:00:12:34:56'\/>\s*<model type='virtio'\/>/);
    assert.match(
      r.xml,
      /<interface type='ethernet'>\s*<target dev='tap0' managed='no'\/>\s*<model type='e1000'\/>\s*<driver name='vhost'\/>/,
    );
    assert.match(r.xml, /<interface type='bridge'>\s*<source bridge='br0'\/>\s*<model type='rtl8139'\/>/);
    assert.deepEqual(r.unmapped.find((u) => u.code === 'hostfwd')?.args, ['tcp::2222-:22']);
    assert.match(x('-nic user,model=virtio-net-pci').xml, /<interface type='user'>\s*<model type='virtio'\/>/);
    assert.match(x('-net nic,model=virtio -net user').xml, /<interface type='user'>\s*<model type='virtio'\/>/);
    assert.doesNotMatch(x('-nic none').xml, /<interface/);
  });

  it('controllers, USB and input devices, video, sound, RNG, TPM, watchdog, balloon, vsock, vfio-pci', () => {
    const r = x(
      '-device virtio-scsi-pci,id=s0 -device qemu-xhci -device usb-tablet -device usb-host,vendorid=0x046d,productid=0xc52b -device virtio-keyboard-pci -device virtio-vga -device ich9-intel-hda -device hda-duplex -object rng-random,id=r0,filename=/dev/urandom -device virtio-rng-pci,rng=r0 -chardev socket,id=chrtpm,path=/run/swtpm.sock -tpmdev emulator,id=tpm0,chardev=chrtpm -device tpm-crb,tpmdev=tpm0 -device i6300esb -watchdog-action reset -device virtio-balloon-pci -device vhost-vsock-pci,guest-cid=5 -device vfio-pci,host=0000:01:00.0',
    );
    for (const re of [
      /<controller type='scsi' index='0' model='virtio-scsi'\/>/,
      /<controller type='usb' model='qemu-xhci'\/>/,
      /<input type='tablet' bus='usb'\/>/,
      /<vendor id='0x046d'\/>\s*<product id='0xc52b'\/>/,
      /<input type='keyboard' bus='virtio'\/>/,
      /<model type='virtio'\/>\s*<\/video>/,
      /<sound model='ich9'>\s*<codec type='duplex'\/>/,
      /<backend model='random'>\/dev\/urandom<\/backend>/,
      /<tpm model='tpm-crb'>\s*<backend type='emulator' version='2.0'\/>/,
      /<watchdog model='i6300esb' action='reset'\/>/,
      /<memballoon model='virtio'\/>/,
      /<cid auto='no' address='5'\/>/,
      /<address domain='0x0000' bus='0x01' slot='0x00' function='0x0'\/>/,
    ])
      assert.match(r.xml, re);
    assert.match(x('-m 1G').xml, /<memballoon model='none'\/>/);
  });

  it('firmware: -bios, -pflash pair, -drive if=pflash with unit, -machine pflash0 blockdevs', () => {
    assert.match(x('-bios /fw/bios.bin').xml, /<loader readonly='yes' type='rom'>\/fw\/bios.bin<\/loader>/);
    const p = x('-pflash /fw/CODE.fd -pflash /fw/VARS.fd').xml;
    assert.match(p, /<loader readonly='no' type='pflash'>\/fw\/CODE.fd<\/loader>\s*<nvram>\/fw\/VARS.fd<\/nvram>/);
    const d = x(
      '-drive if=pflash,format=raw,unit=1,file=/fw/VARS.fd -drive if=pflash,format=raw,unit=0,readonly=on,file=/fw/CODE.fd',
    ).xml;
    assert.match(d, /<loader readonly='yes' type='pflash'>\/fw\/CODE.fd<\/loader>\s*<nvram>\/fw\/VARS.fd<\/nvram>/);
    const b = x(
      '-blockdev node-name=c,driver=file,filename=/fw/CODE.fd,read-only=on -blockdev node-name=v,driver=file,filename=/fw/VARS.fd -machine q35,pflash0=c,pflash1=v',
    ).xml;
    assert.match(b, /<loader readonly='yes' type='pflash'>\/fw\/CODE.fd<\/loader>\s*<nvram>\/fw\/VARS.fd<\/nvram>/);
  });

  it('aarch64 -M virt: arch, machine, UEFI firmware by default; direct kernel boot with -dtb', () => {
    const r = convert('qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1G');
    assert.equal(r.arch, 'aarch64');
    assert.match(r.xml, /<os firmware='efi'>\s*<type arch='aarch64' machine='virt'>hvm<\/type>/);
    const k = convert(
      "qemu-system-aarch64 -M virt -kernel /b/Image -initrd /b/initrd -append 'console=ttyAMA0 root=/dev/vda' -dtb /b/virt.dtb",
    ).xml;
    assert.match(
      k,
      /<kernel>\/b\/Image<\/kernel>\s*<initrd>\/b\/initrd<\/initrd>\s*<cmdline>console=ttyAMA0 root=\/dev\/vda<\/cmdline>\s*<dtb>\/b\/virt.dtb<\/dtb>/,
    );
    assert.doesNotMatch(k, /firmware='efi'/);
  });

  it('-boot, -rtc, -serial, -chardev, monitors', () => {
    const r = x(
      '-boot order=dc,menu=on,splash-time=5000 -rtc base=localtime,driftfix=slew -chardev socket,id=s0,path=/run/s0.sock,server=on,wait=off -serial chardev:s0 -serial tcp::4444,server,nowait -monitor stdio -qmp unix:/run/q.sock,server,nowait',
    );
    assert.match(r.xml, /<boot dev='cdrom'\/>\s*<boot dev='hd'\/>\s*<bootmenu enable='yes' timeout='5000'\/>/);
    assert.match(r.xml, /<clock offset='localtime'>\s*<timer name='rtc' tickpolicy='catchup'\/>/);
    assert.match(r.xml, /<serial type='unix'>\s*<source mode='bind' path='\/run\/s0.sock'\/>/);
    assert.match(r.xml, /<serial type='tcp'>\s*<source mode='bind' host='0.0.0.0' service='4444'\/>/);
    assert.equal(r.unmapped.filter((u) => u.code === 'monitor').length, 2);
    assert.ok(r.unmapped.every((u) => u.code !== 'monitor' || !u.passthrough));
  });

  it('-boot order is dropped (and said) when devices carry bootindex', () => {
    const r = x('-boot d -drive file=/i/a.img,if=none,id=d0 -device virtio-blk-pci,drive=d0,bootindex=1');
    assert.doesNotMatch(r.xml, /<boot dev=/);
    assert.ok(codes(r).includes('boot-order-conflict'));
  });

  it('graphics: -vnc, -spice, -display, -nographic', () => {
    assert.match(
      x('-vnc 127.0.0.1:2,websocket=5702').xml,
      /<graphics type='vnc' port='5902' autoport='no' listen='127.0.0.1' websocket='5702'\/>/,
    );
    assert.match(
      x('-spice port=5930,addr=127.0.0.1,disable-ticketing=on').xml,
      /<graphics type='spice' port='5930' autoport='no' listen='127.0.0.1'\/>/,
    );
    assert.match(x('-display sdl,gl=on').xml, /<graphics type='sdl'>\s*<gl enable='yes'\/>/);
    const g = x('-display gtk');
    assert.deepEqual(codes(g), ['local-display']);
    const n = x('-nographic');
    assert.match(n.xml, /<serial type='pty'\/>/);
    assert.ok(codes(n).includes('stdio-console'));
  });

  it('vfio-pci names the vfio driver; a SPICE channel without -spice gets a SPICE display, said in the report', () => {
    assert.match(
      x('-device vfio-pci,host=01:00.0').xml,
      /<hostdev mode='subsystem' type='pci' managed='yes'>\s*<driver name='vfio'\/>/,
    );
    const r = x('-chardev spicevmc,id=c0,name=usbredir -device qemu-xhci -device usb-redir,chardev=c0');
    assert.match(r.xml, /<redirdev bus='usb' type='spicevmc'\/>/);
    assert.match(r.xml, /<graphics type='spice' autoport='yes'\/>/);
    assert.ok(codes(r).includes('spice-added'));
    assert.doesNotMatch(
      x('-spice port=5930 -chardev spicevmc,id=c0,name=usbredir -device usb-redir,chardev=c0').xml,
      /autoport='yes'/,
    );
  });

  it('-global, -fw_cfg, -smbios', () => {
    const r = x(
      '-global kvm-pit.lost_tick_policy=delay -global ICH9-LPC.disable_s3=1 -global isa-fdc.driveA= -fw_cfg name=opt/org.example/x,string=v1 -smbios type=0,vendor=Acme -smbios type=1,manufacturer=Acme,serial=42 -smbios type=11,value=hello',
    );
    assert.match(r.xml, /<timer name='pit' tickpolicy='delay'\/>/);
    assert.match(r.xml, /<suspend-to-mem enabled='no'\/>/);
    assert.match(r.xml, /<qemu:arg value='-global'\/>\s*<qemu:arg value='isa-fdc.driveA='\/>/);
    assert.match(r.xml, /<sysinfo type='fwcfg'>\s*<entry name='opt\/org.example\/x'>v1<\/entry>/);
    assert.match(r.xml, /<bios>\s*<entry name='vendor'>Acme<\/entry>/);
    assert.match(r.xml, /<entry name='serial'>42<\/entry>/);
    assert.match(r.xml, /<oemStrings>\s*<entry>hello<\/entry>/);
    assert.match(r.xml, /<smbios mode='sysinfo'\/>/);
  });

  it('unknown devices and options go to <qemu:commandline>, with the namespace, and are reported', () => {
    const r = x('-device sga -frobnicate yes,please');
    assert.match(r.xml, /^<domain type='qemu' xmlns:qemu='http:\/\/libvirt.org\/schemas\/domain\/qemu\/1.0'>/);
    assert.match(r.xml, /<qemu:arg value='-device'\/>\s*<qemu:arg value='sga'\/>/);
    assert.match(r.xml, /<qemu:arg value='-frobnicate'\/>\s*<qemu:arg value='yes,please'\/>/);
    assert.deepEqual(codes(r), ['unknown-device', 'unknown-option']);
  });

  it('escapes names and values: quotes, &, <, CJK, control characters', async () => {
    const r = x(`-name "guest=a'b\\"c&d<e>虚拟机,,1" -append 'x=<1> & "q"'`);
    assert.match(r.xml, /<name>a&apos;b&quot;c&amp;d&lt;e&gt;虚拟机,1<\/name>/);
    assert.match(r.xml, /<cmdline>x=&lt;1&gt; &amp; &quot;q&quot;<\/cmdline>/);
    assert.equal((await validator.validate(r.xml)).status, 'valid');
    const ctl = x('-name $\'a\\x01b\' -append "a\u0001b"');
    assert.match(ctl.xml, /<cmdline>a\uFFFDb<\/cmdline>/);
  });

  it('`,,` is a literal comma in values', () => {
    const r = x('-drive file=/img/a,,b.img,format=raw,if=virtio');
    assert.match(r.xml, /<source file='\/img\/a,b.img'\/>/);
  });

  it('-blockdev with an implied driver, -k as keymap, a shell variable as SPICE port, the last -cpu', () => {
    const r = x(
      '-blockdev file,node-name=f1,filename=/vm/a.qcow2 -blockdev qcow2,node-name=q1,file=f1 -device ide-hd,drive=q1 -vnc :7 -k en-us',
    );
    assert.match(r.xml, /<driver name='qemu' type='qcow2'\/>\s*<source file='\/vm\/a.qcow2'\/>/);
    assert.match(r.xml, /<graphics type='vnc' port='5907' autoport='no' listen='0.0.0.0' keymap='en-us'\/>/);
    assert.deepEqual(codes(x('-k de')), ['keymap-unused']);
    const s = x('-spice port=${SPICE_PORT},disable-ticketing');
    assert.match(s.xml, /<graphics type='spice' autoport='yes'\/>/);
    assert.ok(codes(s).includes('shell-expansion'));
    const cpu = convert('qemu-system-aarch64 -M virt -cpu cortex-a53,pmu=off -cpu max,sve=off');
    assert.match(cpu.xml, /<cpu mode='maximum'>\s*<feature policy='disable' name='sve'\/>/);
    assert.doesNotMatch(cpu.xml, /cortex-a53/);
    // An Arm CPU property other than an SVE length has no libvirt feature.
    const arm = convert('qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on,sve256=on');
    assert.match(arm.xml, /<feature policy='require' name='sve256'\/>/);
    assert.doesNotMatch(arm.xml, /pauth/);
    assert.ok(arm.unmapped.some((u) => u.code === 'key-ignored' && u.args[0] === 'pauth-impdef'));
  });

  it('-rtc base=<date> and clock=: an absolute clock offset and the rtc track', () => {
    const r = x('-rtc clock=vm,base=1999-12-31');
    assert.match(r.xml, /<clock offset='absolute' start='946598400'>\s*<timer name='rtc' track='guest'\/>/);
    assert.match(
      x('-rtc base=2006-06-17T16:01:21,clock=host,driftfix=slew').xml,
      /start='1150560081'[\s\S]*track='wall' tickpolicy='catchup'/,
    );
    assert.deepEqual(codes(x('-rtc clock=bogus')), ['key-ignored']);
  });

  it('intel-iommu properties, vmcoreinfo, werror/rerror, read-only=, -realtime mlock', () => {
    const r = x(
      '-M q35,kernel-irqchip=split -device intel-iommu,intremap=on,eim=off,caching-mode=on -device vmcoreinfo -drive file=/a.img,format=raw,if=virtio,werror=stop,rerror=report,read-only=on -realtime mlock=on',
    );
    assert.match(r.xml, /<iommu model='intel'>\s*<driver intremap='on' caching_mode='on' eim='off'\/>/);
    assert.match(r.xml, /<vmcoreinfo state='on'\/>/);
    assert.match(r.xml, /<driver name='qemu' type='raw' error_policy='stop' rerror_policy='report'\/>/);
    assert.match(r.xml, /<target dev='vda' bus='virtio'\/>\s*<readonly\/>/);
    assert.match(r.xml, /<memoryBacking>\s*<locked\/>/);
    assert.deepEqual(codes(x('-realtime mlock=off')), ['libvirt-manages']);
    assert.deepEqual(codes(x('-drive file=/a.img,format=raw,werror=bogus')), ['key-ignored']);
    assert.match(
      x('-fw_cfg opt/com.example/size,string=65536').xml,
      /<sysinfo type='fwcfg'>\s*<entry name='opt\/com.example\/size'>65536<\/entry>/,
    );
    const reserved = x('-fw_cfg opt/ovmf/X-PciMmio64Mb,string=65536');
    assert.deepEqual(codes(reserved), ['fwcfg-reserved']);
    assert.doesNotMatch(reserved.xml, /<sysinfo/);
    assert.match(reserved.xml, /<qemu:arg value='opt\/ovmf\/X-PciMmio64Mb,string=65536'\/>/);
  });

  it('-audio with a model and -soundhw become <audio> and <sound>', () => {
    const r = x('-audio spice,model=hda -soundhw ac97,pcspk');
    assert.match(r.xml, /<sound model='ich6'>\s*<audio id='1'\/>\s*<\/sound>/);
    assert.match(r.xml, /<sound model='ac97'\/>\s*<sound model='pcspk'\/>/);
    assert.match(r.xml, /<audio id='1' type='spice'\/>/);
    assert.deepEqual(codes(x('-soundhw all')), ['passthrough']);
  });

  it('reasons exist in both languages for every code', () => {
    for (const code of UNMAPPED_CODES) {
      const en = unmappedReason({ code, args: ['X', 'Y'] }, 'en');
      const zh = unmappedReason({ code, args: ['X', 'Y'] }, 'zh-cn');
      assert.ok(en.length > 10 && zh.length > 5 && en !== zh, code);
      assert.match(zh, /[\u4e00-\u9fff]/, code);
    }
    const api = qemuToLibvirt('qemu-system-x86_64 -monitor stdio', qemuDatas(), 'zh-cn');
    assert.match(api.unmapped[0].reason, /监视器/);
  });
});

describe('QEMU → libvirt converter: bad input', function () {
  this.timeout(30_000);
  const datas = qemuDatas();

  it('refuses text without a QEMU command line, and other programs', () => {
    for (const text of [
      '',
      'ls -la /tmp',
      'virsh start web1',
      '# qemu is great\n',
      'qemu-img create -f qcow2 a.qcow2 10G',
      '<domain/>',
    ])
      assert.deepEqual(convertQemu(text, datas), { error: 'no-qemu-line' }, text);
    assert.deepEqual(convertQemu('qemu-system-riscv64 -M virt', datas), { error: 'unsupported-arch' });
    assert.throws(() => qemuToLibvirt('echo hello', datas), /No qemu-system/);
  });

  it('unbalanced quotes, 1 MB lines, Unicode: no throw, bounded time', async () => {
    const inputs = [
      `qemu-system-x86_64 -name 'unclosed -m 1G`,
      `qemu-system-x86_64 -name "unclosed -m 1G`,
      `qemu-system-x86_64 -m 1G -device ${'virtio-net-pci,'.repeat(70_000)}`,
      `qemu-system-x86_64 ${'-m 1G '.repeat(170_000)}`,
      `qemu-system-x86_64 -drive file=${'a,,'.repeat(350_000)}`,
      `qemu-system-x86_64 -name 仮想マシン🚀 -append 'ünïcödé ✓'`,
      'qemu-system-x86_64 \\\n  -m 1G \\\n  -smp 2',
      'qemu-system-x86_64 -m',
      'qemu-system-x86_64 -device',
      'qemu-system-x86_64 -smp cores=0,threads=0 -m -5G -netdev user -device virtio-net-pci,netdev=',
    ];
    for (const text of inputs) {
      const t0 = Date.now();
      const r = convertQemu(text, datas);
      assert.ok(Date.now() - t0 < 5000, `slow on ${text.slice(0, 40)}`);
      if ('error' in r) continue;
      const v = await validator.validate(r.xml);
      assert.ok(v.status === 'valid' || v.status === 'invalid', v.status);
      assert.doesNotThrow(() => JSON.stringify(r.unmapped));
    }
    const cont = convertQemu('qemu-system-x86_64 \\\n  -m 1G \\\n  -smp 2', datas) as Conversion;
    assert.match(cont.xml, /<vcpu placement='static'>2</);
  });

  it('an invalid -uuid or -m is reported, not written', () => {
    const r = convert('qemu-system-x86_64 -uuid not-a-uuid -m lots');
    assert.doesNotMatch(r.xml, /<uuid>/);
    assert.deepEqual(
      r.unmapped.map((u) => u.code),
      ['invalid-value', 'invalid-value'],
    );
  });
});
