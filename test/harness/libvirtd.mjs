// A real libvirt for the tests: the system daemon with its QEMU driver (qemu:///system) and,
// on request, a local sshd so that qemu+ssh:// reaches the same daemon the way a person
// reaches another host. The steps follow ../shared/docs/real-libvirt.md: Debian 12 without
// libvirt-daemon-system has no libvirt-qemu user or libvirt folders, and there is no systemd
// to start anything, so this module prepares them and starts the daemons itself.
//
// It stops only what it started: a daemon that already answers (a developer's own, or
// another test run's) is used and left running.
//
//   const lv = await ensureLibvirtd();      // { uri, started, version, stop() }
//   const ssh = await startSshd();          // { uri, refusedUri, keyFile, stop() }  qemu+ssh://…/system
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SYSTEM_URI = 'qemu:///system';
const VIRTLOGD_SOCK = '/var/run/libvirt/virtlogd-sock';

function run(cmd, args, timeout = 15_000) {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
}

function answers(uri) {
  const r = run('virsh', ['-c', uri, 'version'], 10_000);
  return r.status === 0 ? r.stdout : undefined;
}

function need(cmd, pkg) {
  if (run('sh', ['-c', `command -v ${cmd}`]).status !== 0 && !existsSync(cmd))
    throw new Error(`${cmd} is missing: install the Debian package ${pkg} (.ci/run does)`);
}

function ensureGroup(name) {
  if (run('getent', ['group', name]).status !== 0) execFileSync('groupadd', ['--system', name]);
}

/** What libvirt-daemon-system would have created: users, groups and folders. */
function prepareSystem() {
  for (const g of ['kvm', 'libvirt', 'libvirt-qemu']) ensureGroup(g);
  if (run('getent', ['passwd', 'libvirt-qemu']).status !== 0)
    execFileSync('useradd', [
      '--system',
      '--gid',
      'libvirt-qemu',
      '--groups',
      'kvm',
      '--no-create-home',
      '--shell',
      '/usr/sbin/nologin',
      'libvirt-qemu',
    ]);
  for (const d of ['/var/log/libvirt', '/var/run/libvirt', '/var/lib/libvirt']) mkdirSync(d, { recursive: true });
  // udev's rule on a normal system (KERNEL=="kvm", GROUP="kvm", MODE="0660"). Without it the
  // qemu user cannot open /dev/kvm while the capability probe (run as root) could, and libvirt
  // throws its capability cache away on every define: 45 s each instead of 30 ms.
  if (existsSync('/dev/kvm')) {
    execFileSync('chgrp', ['kvm', '/dev/kvm']);
    execFileSync('chmod', ['0660', '/dev/kvm']);
  }
}

function pidOf(file) {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function kill(pid) {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
}

/** Whether something accepts connections on a Unix socket (a file alone proves nothing). */
function socketAnswers(path) {
  return new Promise((resolve) => {
    const s = connect(path);
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(2_000, () => done(false));
  });
}

async function waitFor(check, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} did not answer within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Makes qemu:///system answer: uses a running daemon, or prepares the system and starts
 * virtlogd and libvirtd. `stop()` stops them again only if this call started them.
 */
export async function ensureLibvirtd() {
  need('virsh', 'libvirt-clients');
  const running = answers(SYSTEM_URI);
  if (!running) {
    need('/usr/sbin/libvirtd', 'libvirt-daemon libvirt-daemon-driver-qemu');
    prepareSystem();
  }
  const started = [];
  // Guests cannot start without virtlogd, even when libvirtd answers. Its socket file can
  // outlive the daemon (a machine image taken while it ran, a killed run): ask the socket,
  // and clear a dead one so the new daemon can bind it.
  if (!(await socketAnswers(VIRTLOGD_SOCK))) {
    need('/usr/sbin/virtlogd', 'libvirt-daemon');
    for (const f of [VIRTLOGD_SOCK, '/var/run/libvirt/virtlogd-admin-sock']) rmSync(f, { force: true });
    execFileSync('/usr/sbin/virtlogd', ['-d']);
    started.push('/var/run/virtlogd.pid');
    await waitFor(() => socketAnswers(VIRTLOGD_SOCK), 10_000, `virtlogd (${VIRTLOGD_SOCK})`);
  }
  if (running) {
    const pids = started.map(pidOf);
    return { uri: SYSTEM_URI, started: pids.length > 0, version: running, stop: () => pids.forEach(kill) };
  }
  execFileSync('/usr/sbin/libvirtd', ['-d']);
  started.push('/var/run/libvirtd.pid');
  const version = await waitFor(() => answers(SYSTEM_URI), 30_000, 'libvirtd (qemu:///system)');
  // Read once the daemons answer: `-d` returns before the forked daemon writes its pid file.
  const pids = started.map(pidOf);
  // The daemon probes every installed qemu-system-* binary on first use (about 50 s here,
  // cached in /var/cache/libvirt/qemu afterwards): pay for it now, not inside a test's timeout.
  run('virsh', ['-c', SYSTEM_URI, 'capabilities'], 180_000);
  return {
    uri: SYSTEM_URI,
    started: true,
    version,
    stop() {
      // libvirtd first: it holds virtlogd's socket.
      for (const pid of pids.reverse()) kill(pid ?? undefined);
    },
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A local sshd on a free port with a key made for this run, its public key authorised for
 * root until `stop()`. `uri` is the qemu+ssh:// address of the system daemon through it;
 * `refusedUri` the same address with a key the host does not accept.
 */
export async function startSshd() {
  need('/usr/sbin/sshd', 'openssh-server');
  need('ssh', 'openssh-client');
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-sshd-'));
  const keyFile = join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `virtkit-test-${process.pid}`, '-f', keyFile]);
  // A second key that is never authorised: the host refuses it (the fault tests).
  const refusedKeyFile = join(dir, 'id_ed25519_refused');
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    '',
    '-C',
    `virtkit-refused-${process.pid}`,
    '-f',
    refusedKeyFile,
  ]);
  execFileSync('ssh-keygen', ['-A']);
  mkdirSync('/run/sshd', { recursive: true });
  mkdirSync('/root/.ssh', { recursive: true, mode: 0o700 });
  const authorized = '/root/.ssh/authorized_keys';
  const before = existsSync(authorized) ? readFileSync(authorized, 'utf8') : undefined;
  const pub = readFileSync(`${keyFile}.pub`, 'utf8').trim();
  writeFileSync(authorized, `${before ? before.replace(/\n?$/, '\n') : ''}${pub}\n`, { mode: 0o600 });
  const port = await freePort();
  const pidFile = join(dir, 'sshd.pid');
  execFileSync('/usr/sbin/sshd', [
    '-p',
    String(port),
    '-o',
    'ListenAddress=127.0.0.1',
    '-o',
    'PermitRootLogin=prohibit-password',
    '-o',
    `PidFile=${pidFile}`,
  ]);
  const uri = `qemu+ssh://root@127.0.0.1:${port}/system?keyfile=${keyFile}&no_verify=1`;
  const refusedUri = `qemu+ssh://root@127.0.0.1:${port}/system?keyfile=${refusedKeyFile}&no_verify=1`;
  const stop = () => {
    kill(pidOf(pidFile));
    // Take back exactly the line this run added.
    try {
      const now = readFileSync(authorized, 'utf8');
      const left = now
        .split('\n')
        .filter((l) => l.trim() !== pub)
        .join('\n');
      if (before === undefined && left.trim() === '') rmSync(authorized);
      else writeFileSync(authorized, left);
    } catch {
      /* nothing to take back */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(() => answers(uri), 20_000, `sshd on port ${port} (${uri})`);
  } catch (e) {
    stop();
    throw e;
  }
  return { uri, refusedUri, port, keyFile, stop };
}

// `node test/harness/libvirtd.mjs` starts the daemon for a developer and leaves it running.
if (import.meta.url === `file://${process.argv[1]}`) {
  const lv = await ensureLibvirtd();
  console.log(`${lv.uri} answers (${lv.started ? 'started now' : 'was running'}):\n${lv.version.trim()}`);
}
