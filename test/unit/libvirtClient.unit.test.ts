// src/core/libvirt against the real virsh (Debian package libvirt-clients) on libvirt's test
// driver: the built-in `test:///default` node, a node file with hostile names, a node with a
// thousand domains, and URIs nothing answers on.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { domainArg, runVirsh } from '../../src/core/libvirt/actions';
import { inspectLibvirt } from '../../src/core/libvirt/inspect';
import {
  batchUri,
  codePointWidth,
  decodeTableCell,
  domainNameIsAmbiguous,
  parseInfo,
  parseVolList,
  quoteVirshArg,
} from '../../src/core/libvirt/virshClient';
import { runProcess } from '../../src/core/process/runProcess';

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// libvirt refuses '/' in names, so the command substitution cannot name an absolute path: it
// names a file in the working directory and in the temporary directory, both checked after.
const PWNED = 'virtkit-pwned-by-name';
const HOSTILE_DOMAINS = [
  'two  spaces and trailing',
  `quote "double" and 'single'`,
  `$(touch ${PWNED})`,
  `\`touch ${PWNED}\`; touch ${PWNED}`,
  'back\\slash \\x41 \\"',
  '虚拟机 测试',
  '🚀 emoji 🐧👨‍👩‍👧',
  ' leading space',
  '# not a comment',
];
const HOSTILE_NETWORKS = ['net with space', `net "q" 'q' ; $(touch ${PWNED})`, '网络 🌐'];
const HOSTILE_POOL = `pool ; $(touch ${PWNED}) 存储 💾`;
const HOSTILE_VOLUMES = [
  'plain.img',
  'vol with  spaces.qcow2',
  '卷 中文.img',
  '💾 disk \\x41.raw',
  `"q" 'q' $(x);.img`,
];

function domainXml(name: string, i: number): string {
  return `<domain type='test'><name>${xmlEscape(name)}</name><memory>${1024 * (i + 1)}</memory><vcpu>${(i % 8) + 1}</vcpu><os><type>hvm</type></os></domain>`;
}

describe('libvirt client (virsh on the test driver)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'virtkit-libvirt-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads test:///default: domain test, network default, pool default-pool', async () => {
    const r = await inspectLibvirt('test:///default');
    assert.equal(r.state, 'connected', r.message);
    assert.match(r.libvirtVersion ?? '', /^\d+\.\d+\.\d+$/);
    assert.match(r.hypervisorVersion ?? '', /^TEST /);
    assert.deepEqual(r.domains, [
      {
        name: 'test',
        uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f',
        state: 'running',
        persistent: true,
        autostart: false,
        vcpus: 2,
        memoryKiB: 8388608,
      },
    ]);
    assert.deepEqual(r.networks, [{ name: 'default', active: true, autostart: false, persistent: true }]);
    assert.deepEqual(r.pools, [{ name: 'default-pool', active: true, autostart: false, volumes: [] }]);
  });

  it('returns hostile names exactly and runs nothing they contain', async () => {
    const file = join(dir, 'hostile.xml');
    const volumes = HOSTILE_VOLUMES.map(
      (v) => `<volume><name>${xmlEscape(v)}</name><capacity>1</capacity></volume>`,
    ).join('');
    writeFileSync(
      file,
      `<node>${HOSTILE_DOMAINS.map((n, i) => domainXml(n, i)).join('')}` +
        HOSTILE_NETWORKS.map((n) => `<network><name>${xmlEscape(n)}</name></network>`).join('') +
        `<pool type='dir'><name>${xmlEscape(HOSTILE_POOL)}</name><target><path>${dir}/pool</path></target>${volumes}</pool>` +
        `</node>`,
    );
    const r = await inspectLibvirt(`test://${file}`);
    assert.equal(r.state, 'connected', r.message);
    assert.deepEqual(r.domains.map((d) => d.name).sort(), [...HOSTILE_DOMAINS].sort());
    for (const [i, n] of HOSTILE_DOMAINS.entries()) {
      const d = r.domains.find((x) => x.name === n);
      assert.equal(d?.vcpus, (i % 8) + 1, n);
      assert.equal(d?.memoryKiB, 1024 * (i + 1), n);
    }
    assert.deepEqual(r.networks.map((n) => n.name).sort(), [...HOSTILE_NETWORKS].sort());
    assert.deepEqual(
      r.pools.map((p) => p.name),
      [HOSTILE_POOL],
    );
    assert.deepEqual([...r.pools[0].volumes].sort(), [...HOSTILE_VOLUMES].sort());
    assert.equal(existsSync(join(process.cwd(), PWNED)), false, 'a name was executed (cwd)');
    assert.equal(existsSync(join(tmpdir(), PWNED)), false, 'a name was executed (tmp)');
  });

  it('tells a domain named "1" or named like a UUID from the domain virsh would take for an ID or UUID', async () => {
    const alphaUuid = '23c142ca-799b-4eb3-9435-0c1c728d5b0c';
    const file = join(dir, 'ids.xml');
    // alpha starts first, so it has ID 1; the second domain is named "1", the third like alpha's UUID.
    const dom = (name: string, mem: number, uuid?: string) =>
      `<domain type='test'><name>${name}</name>${uuid ? `<uuid>${uuid}</uuid>` : ''}<memory>${mem}</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`;
    // UUIDs written out: the test driver gives a node file's domains new ones on every connection.
    writeFileSync(
      file,
      `<node>${dom('alpha', 1024, alphaUuid)}${dom('1', 2048, 'dd80dd09-2cc2-4256-a196-27cdabbd1e26')}` +
        `${dom(alphaUuid, 4096, '6e758260-bbeb-4277-9075-413726161b27')}</node>`,
    );
    const uri = `test://${file}`;
    const r = await inspectLibvirt(uri);
    assert.equal(r.state, 'connected', r.message);
    assert.deepEqual(
      r.domains.map((d) => [d.name, d.memoryKiB]).sort(),
      [
        ['1', 2048],
        [alphaUuid, 4096],
        ['alpha', 1024],
      ].sort(),
    );
    // virsh itself would pick alpha for both: the reason for domainArg.
    const byName = await runVirsh(uri, ['domname', '1']);
    assert.equal(byName.stdout.trim(), 'alpha');
    for (const name of ['1', alphaUuid]) {
      const { arg } = await domainArg(uri, name);
      assert.ok(arg && arg !== name, `${name}: ${arg}`);
      assert.equal((await runVirsh(uri, ['domname', arg])).stdout.trim(), name);
    }
    assert.deepEqual(await domainArg(uri, 'alpha'), { arg: 'alpha' });
    assert.deepEqual(await domainArg(uri, '42'), { arg: undefined }, 'no domain is named 42');
    const gone = await domainArg(`test://${join(dir, 'nothing-here.xml')}`, '1');
    assert.equal(gone.failed?.ok, false, 'an unreadable connection is a failure, not "no such domain"');
    assert.equal(domainNameIsAmbiguous(' +7'), true);
    assert.equal(domainNameIsAmbiguous('-1'), false);
    assert.equal(domainNameIsAmbiguous('23C142CA799B4EB39435-0C1C728D5B0C'), true);
    assert.equal(domainNameIsAmbiguous('vm-1'), false);
  });

  it('reads 1,000 domains, 50 networks and 20 pools × 100 volumes, and prints the time beside virsh list', async () => {
    const file = join(dir, 'scale.xml');
    const parts = ['<node>'];
    for (let i = 0; i < 1000; i++) parts.push(domainXml(`vm-${i}`, i));
    for (let i = 0; i < 50; i++) parts.push(`<network><name>net-${i}</name></network>`);
    for (let p = 0; p < 20; p++) {
      parts.push(`<pool type='dir'><name>pool-${p}</name><target><path>${dir}/p${p}</path></target>`);
      for (let v = 0; v < 100; v++)
        parts.push(`<volume><name>disk ${p}-${v}.qcow2</name><capacity>1</capacity></volume>`);
      parts.push('</pool>');
    }
    parts.push('</node>');
    writeFileSync(file, parts.join(''));
    const uri = `test://${file}`;

    const t0 = performance.now();
    const list = await runProcess('virsh', ['-c', uri, 'list', '--all'], { timeoutMs: 60_000 });
    const listMs = performance.now() - t0;
    assert.equal(list.code, 0, list.stderr);

    const t1 = performance.now();
    const r = await inspectLibvirt(uri, { timeoutMs: 60_000 });
    const inspectMs = performance.now() - t1;
    console.log(
      `      virsh list --all: ${listMs.toFixed(0)} ms; inspectLibvirt (1000 domains, 50 networks, 20 pools × 100 volumes): ${inspectMs.toFixed(0)} ms`,
    );
    assert.equal(r.state, 'connected', r.message);
    assert.equal(r.domains.length, 1000);
    assert.deepEqual(new Set(r.domains.map((d) => d.name)), new Set(Array.from({ length: 1000 }, (_, i) => `vm-${i}`)));
    assert.equal(r.domains.find((d) => d.name === 'vm-999')?.memoryKiB, 1024 * 1000);
    assert.equal(r.networks.length, 50);
    assert.equal(r.pools.length, 20);
    for (const p of r.pools) {
      const n = p.name.slice('pool-'.length);
      assert.deepEqual([...p.volumes].sort(), Array.from({ length: 100 }, (_, v) => `disk ${n}-${v}.qcow2`).sort());
    }
    assert.ok(inspectMs < 60_000);
  });

  it('says unreachable, with virsh’s message, and never throws', async () => {
    // No libvirtd runs on the test machine (qemu:///system has no socket); the ssh URI is
    // refused at once on port 1.
    for (const uri of ['qemu+ssh://nobody@127.0.0.1:1/system', 'qemu:///system']) {
      const r = await inspectLibvirt(uri, { timeoutMs: 10_000 });
      if (uri === 'qemu:///system' && r.state === 'connected') continue; // a machine with a daemon
      assert.equal(r.state, 'unreachable', `${uri}: ${r.state} ${r.message}`);
      assert.ok((r.message ?? '').length > 0);
      assert.deepEqual(r.domains, []);
    }
  });

  it('classifies a missing virsh, a denial and a timeout', async () => {
    const missing = await inspectLibvirt('test:///default', { virshPath: join(dir, 'no-such-virsh') });
    assert.equal(missing.state, 'error');
    assert.equal(missing.reason, 'virsh-missing');

    const denied = join(dir, 'denied-virsh');
    writeFileSync(
      denied,
      "#!/bin/sh\necho 'error: failed to connect to the hypervisor' >&2\necho \"error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': Permission denied\" >&2\nexit 1\n",
      { mode: 0o755 },
    );
    const d = await inspectLibvirt('qemu:///system', { virshPath: denied });
    assert.equal(d.state, 'denied');
    assert.match(d.message ?? '', /Permission denied/);

    const slow = join(dir, 'slow-virsh');
    writeFileSync(slow, '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    const t = performance.now();
    const s = await inspectLibvirt('qemu:///system', { virshPath: slow, timeoutMs: 300 });
    assert.equal(s.state, 'unreachable');
    assert.equal(s.reason, 'timeout');
    assert.ok(performance.now() - t < 10_000);
  });

  it('never takes a virsh that ended early for a connected, empty host', async () => {
    // A virsh that fails with words other than "failed to connect to the hypervisor", and one
    // that dies in the middle of the batch: neither may read as "connected, nothing defined".
    const odd = join(dir, 'odd-virsh');
    writeFileSync(
      odd,
      "#!/bin/sh\necho 'error: Disconnected from qemu+ssh://h/system due to end of file' >&2\nexit 1\n",
      {
        mode: 0o755,
      },
    );
    const r = await inspectLibvirt('qemu+ssh://h/system', { virshPath: odd });
    assert.notEqual(r.state, 'connected');
    assert.match(r.message ?? '', /end of file/);
    const dies = join(dir, 'dying-virsh');
    // Prints the first section marker it was given, then dies as a crash would.
    writeFileSync(dies, '#!/bin/sh\necho "$3" | sed -n \'s/^echo \\(@@[^ ]*@@\\).*/\\1/p\'\nkill -9 $$\n', {
      mode: 0o755,
    });
    const d = await inspectLibvirt('qemu:///system', { virshPath: dies });
    assert.notEqual(d.state, 'connected', JSON.stringify(d));
  });

  it('tells an SSH login the host refused, and a host key ssh does not trust, from other denials', async () => {
    // What virsh printed when the test sshd refused a key (test/harness/libvirtd.mjs, refusedUri).
    const refused = join(dir, 'refused-virsh');
    writeFileSync(
      refused,
      "#!/bin/sh\necho 'error: failed to connect to the hypervisor' >&2\nprintf 'error: Cannot recv data: root@127.0.0.1: Permission denied (publickey,password).\\r\\n: Connection reset by peer\\n' >&2\nexit 1\n",
      { mode: 0o755 },
    );
    const r = await inspectLibvirt('qemu+ssh://root@127.0.0.1:2222/system', { virshPath: refused });
    assert.deepEqual([r.state, r.reason], ['denied', 'ssh-auth']);
    assert.match(r.message ?? '', /Permission denied \(publickey,password\)/);
    assert.doesNotMatch(r.message ?? '', /\r/);

    const hostKey = join(dir, 'host-key-virsh');
    writeFileSync(
      hostKey,
      "#!/bin/sh\necho 'error: failed to connect to the hypervisor' >&2\necho 'error: Cannot recv data: Host key verification failed.: Connection reset by peer' >&2\nexit 1\n",
      { mode: 0o755 },
    );
    const h = await inspectLibvirt('qemu+ssh://host/system', { virshPath: hostKey });
    assert.deepEqual([h.state, h.reason], ['denied', 'ssh-host-key']);
  });

  it('runs ssh without questions: no_tty=1 on +ssh URIs only, and never twice', async () => {
    assert.equal(batchUri('qemu+ssh://u@h/system'), 'qemu+ssh://u@h/system?no_tty=1');
    assert.equal(
      batchUri('qemu+ssh://u@h:22/system?keyfile=/k&no_verify=1'),
      'qemu+ssh://u@h:22/system?keyfile=/k&no_verify=1&no_tty=1',
    );
    assert.equal(batchUri('qemu+ssh://h/system?no_tty=0'), 'qemu+ssh://h/system?no_tty=0');
    for (const uri of ['qemu:///system', 'qemu+tcp://h/system', 'test:///default', 'qemu+libssh2://h/system'])
      assert.equal(batchUri(uri), uri);
    // And virsh gets it: a fake virsh that prints its argument list.
    const echo = join(dir, 'echo-virsh');
    writeFileSync(echo, '#!/bin/sh\nprintf "%s\\n" "$@" >&2\nexit 1\n', { mode: 0o755 });
    const r = await runVirsh('qemu+ssh://h/system', ['list'], { virshPath: echo });
    assert.match(r.message, /^qemu\+ssh:\/\/h\/system\?no_tty=1$/m);
  });

  it('parses info blocks and virsh tables by display width', () => {
    const info = parseInfo('Name:            two leading\nState:          shut off\nCPU(s):         4\n');
    assert.equal(info.get('Name'), ' two leading');
    assert.equal(info.get('State'), 'shut off');
    assert.equal(codePointWidth('中'.codePointAt(0) ?? 0), 2);
    assert.equal(codePointWidth('🚀'.codePointAt(0) ?? 0), 2);
    assert.equal(codePointWidth('a'.codePointAt(0) ?? 0), 1);
    assert.equal(decodeTableCell('a \\x5cx41 b'), 'a \\x41 b');
    const table = [
      ' Name          Path',
      '------------------------',
      ' a   b         /p/a   b',
      ' 中文 🚀 x     /p/中文',
      '',
    ].join('\n');
    assert.deepEqual(parseVolList(table), ['a   b', '中文 🚀 x']);
    assert.equal(quoteVirshArg('a "b" \\c'), '"a \\"b\\" \\\\c"');
  });
});
