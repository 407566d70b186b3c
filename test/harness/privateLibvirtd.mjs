// A private libvirtd for the fault tests, which kill it and start it again while the view is
// open. It shares nothing with the system daemon that other tests and sessions use: it runs as
// its own unprivileged user (`virtkit-fault`, created if missing) in session mode, with its
// sockets, configuration and state in a folder made for this run. Its QEMU capability cache
// (the probe of qemu-system-x86_64 takes seconds) is kept in /var/cache/virtkit-fault, so that
// only the first run on a machine pays for it.
//
//   const d = await startPrivateLibvirtd();   // { uri, dir, kill(), start(), stop() }
//
// The extension-host tests run in another process; they drive the same daemon through this
// file's command line, naming its folder (it holds the pid file):
//
//   node test/harness/privateLibvirtd.mjs kill DIR     SIGKILL, waits until it is gone
//   node test/harness/privateLibvirtd.mjs start DIR    starts it again, waits until it answers
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const FAULT_USER = 'virtkit-fault';
const CACHE = `/var/cache/${FAULT_USER}`;

function run(cmd, args, timeout = 15_000) {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
}

function ensureUser() {
  if (run('getent', ['passwd', FAULT_USER]).status === 0) return;
  const r = run('useradd', [
    '--system',
    '--user-group',
    '--no-create-home',
    '--shell',
    '/usr/sbin/nologin',
    FAULT_USER,
  ]);
  if (r.status !== 0) throw new Error(`useradd ${FAULT_USER} failed: ${r.stderr}`);
}

function chownToUser(path) {
  const r = run('chown', [`${FAULT_USER}:${FAULT_USER}`, path]);
  if (r.status !== 0) throw new Error(`chown ${path} failed: ${r.stderr}`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The daemon whose folder is `dir` (made by startPrivateLibvirtd). */
export function privateDaemon(dir) {
  const socket = join(dir, 'run/libvirt/libvirt-sock');
  const pidFile = join(dir, 'libvirtd.pid');
  const uri = `qemu+unix:///session?socket=${socket}`;

  /** The daemon's pid, only while the process of that pid is this daemon (pids are reused). */
  const pid = () => {
    try {
      const p = Number(readFileSync(pidFile, 'utf8').trim());
      if (!(p > 0)) return undefined;
      const cmdline = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      return cmdline.includes('libvirtd') && cmdline.includes(pidFile) ? p : undefined;
    } catch {
      return undefined;
    }
  };
  const answers = () => run('virsh', ['-c', uri, 'version'], 90_000).status === 0;

  return {
    uri,
    dir,
    pid,
    /** Starts the daemon (if it is not running) and resolves when it answers. */
    async start(timeoutMs = 90_000) {
      if (!pid()) {
        const log = openSync(join(dir, 'libvirtd.log'), 'a');
        const child = spawn(
          'runuser',
          [
            '-u',
            FAULT_USER,
            '--',
            'env',
            '-i',
            'PATH=/usr/sbin:/usr/bin:/sbin:/bin',
            `HOME=${dir}`,
            `XDG_RUNTIME_DIR=${join(dir, 'run')}`,
            `XDG_CONFIG_HOME=${join(dir, 'config')}`,
            `XDG_CACHE_HOME=${CACHE}`,
            '/usr/sbin/libvirtd',
            '--pid-file',
            pidFile,
          ],
          { detached: true, stdio: ['ignore', log, log] },
        );
        child.unref();
        closeSync(log);
      }
      const end = Date.now() + timeoutMs;
      // The first answer also runs the QEMU capability probe (cached afterwards).
      while (!answers()) {
        if (Date.now() > end) throw new Error(`the private libvirtd (${uri}) did not answer within ${timeoutMs} ms`);
        await sleep(100);
      }
    },
    /** SIGKILL, as a crash would; resolves when the process is gone. */
    async kill() {
      const p = pid();
      if (!p) return;
      process.kill(p, 'SIGKILL');
      for (let k = 0; k < 100; k++) {
        try {
          process.kill(p, 0);
        } catch {
          return;
        }
        await sleep(50);
      }
      throw new Error(`libvirtd ${p} did not end after SIGKILL`);
    },
    /** Kills the daemon and removes its folder. */
    async stop() {
      await this.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates the user and a folder for this run, starts the daemon, resolves when it answers. */
export async function startPrivateLibvirtd() {
  if (!existsSync('/usr/sbin/libvirtd')) throw new Error('/usr/sbin/libvirtd is missing (libvirt-daemon)');
  ensureUser();
  mkdirSync(CACHE, { recursive: true, mode: 0o700 });
  chownToUser(CACHE);
  // Under /tmp with a short name: a Unix socket path must stay under 108 bytes.
  const dir = mkdtempSync('/tmp/virtkit-lvd-');
  chownToUser(dir);
  chmodSync(dir, 0o711);
  const daemon = privateDaemon(dir);
  try {
    await daemon.start();
  } catch (e) {
    await daemon.stop();
    throw e;
  }
  return daemon;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, dir] = process.argv.slice(2);
  if (!dir || !existsSync(join(dir, 'run')) || !['kill', 'start'].includes(command)) {
    console.error('usage: privateLibvirtd.mjs kill|start DIR (a folder made by startPrivateLibvirtd)');
    process.exit(2);
  }
  await privateDaemon(dir)[command]();
}
