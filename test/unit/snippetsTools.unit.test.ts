// Every snippet, expanded with all its defaults, is handed to the real tool it is written
// for: libvirt XML to virt-xml-validate and to libvirt's own parser (the test driver), QEMU
// command lines to qemu-system-* (which must parse every option and realize every device,
// stopped before the guest runs), qemu-img lines to qemu-img on scratch images, virsh lines
// to libvirt's test driver and virt-install lines to virt-install --dry-run. How each
// snippet is checked, and what is swapped because this machine cannot provide it, is data:
// test/fixtures/snippets/xml-snippets.json and command-snippets.json. A snippet without an
// entry there fails; nothing is skipped silently.
//
// Tools needed (Debian packages): libvirt-clients, libxml2-utils, qemu-system-x86,
// qemu-system-arm, qemu-utils, ovmf, qemu-efi-aarch64, swtpm, virtinst.
import * as assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expandSnippet } from '../../src/core/snippets/expandSnippet';
import { splitShellWords, quoteShellWord } from '../../src/core/snippets/shellWords';
import { validateLibvirtXmlFile } from '../../src/core/validation/virtXmlValidate';
import {
  snippetDocument,
  xmlSnippets,
  xmlTable,
  type SnippetFile,
  type XmlEntry,
} from './support/libvirtSnippetDocuments';

const root = resolve(__dirname, '../..');
const fixtures = join(root, 'test/fixtures/snippets');

interface Service {
  run: 'swtpm' | 'virtiofsd';
  socket: string;
}

interface CommandEntry {
  files?: Record<string, string>;
  before?: string[][];
  services?: Service[];
  swaps?: string[];
  virsh?: { before?: string[] };
  expectError?: string;
  reason?: string;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const commandSnippets = readJson<SnippetFile>(join(root, 'snippets/qemu.json'));
const commandTable = readJson<{
  swaps: Record<string, { what: string; why: string }>;
  snippets: Record<string, CommandEntry>;
}>(join(fixtures, 'command-snippets.json'));

// ---------------------------------------------------------------------------------------
// Processes: execFile / spawn with argument lists and time limits, never a shell.

/** The Debian package of each program the checks run, for "not installed" messages. */
const PACKAGE_OF: Readonly<Record<string, string>> = {
  'qemu-system-x86_64': 'qemu-system-x86',
  'qemu-system-aarch64': 'qemu-system-arm',
  'qemu-img': 'qemu-utils',
  virsh: 'libvirt-clients',
  'virt-install': 'virtinst',
  swtpm: 'swtpm',
  'virt-xml-validate': 'libvirt-clients (and libxml2-utils for xmllint)',
};
const notInstalled = (program: string) => `${program} is not installed (Debian package ${PACKAGE_OF[program] ?? '?'})`;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  file: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Ran> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 60_000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
        env: options.env,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const extra =
          error && typeof error.code !== 'number'
            ? `\n[${error.code === 'ENOENT' ? notInstalled(file) : `${file}: ${error.message}`}]`
            : '';
        done({ code, stdout: String(stdout), stderr: String(stderr) + extra });
      },
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(predicate: () => boolean, timeoutMs: number, stop?: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) return true;
    if (stop?.()) return false;
    await sleep(25);
  }
  return predicate();
}

/** A temporary directory per check, removed afterwards. */
async function inTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-snip-'));
  try {
    return await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Environment for libvirt / virt-install: their caches and logs go into the temp dir. */
function sandboxEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    HOME: dir,
    XDG_CACHE_HOME: join(dir, '.cache'),
    XDG_CONFIG_HOME: join(dir, '.config'),
    XDG_RUNTIME_DIR: join(dir, '.run'),
  };
}

// ---------------------------------------------------------------------------------------
// QEMU: start it stopped (-S), talk QMP on a socket of our own, quit.

interface QmpOutcome {
  ok: boolean;
  detail: string;
  /** Results of extra QMP commands run while QEMU waited, by command name. */
  results: Record<string, unknown>;
}

/** A TCP port nothing listens on now (the kernel picks it). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Runs QEMU with the given arguments plus `-S -qmp unix:…` (and `-display none` unless a
 * display is chosen). Succeeds only when QEMU has parsed every option and realized every
 * device (its QMP greeting comes from the main loop, which starts after that), reports the
 * prelaunch state, and exits 0 on `quit`. `extra` QMP commands run before quitting.
 */
async function checkQemu(
  binary: string,
  args: readonly string[],
  dir: string,
  extra: readonly string[] = [],
  timeoutMs = 60_000,
): Promise<QmpOutcome> {
  const qmpPath = join(dir, 'check-qmp.sock');
  const appended = ['-S', '-qmp', `unix:${qmpPath},server=on,wait=off`];
  if (!args.some((a) => a === '-display' || a === '-nographic')) appended.push('-display', 'none');
  const child = spawn(binary, [...args, ...appended], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  let exitCode: number | null | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<void>((done) => {
    child.on('error', (e) => {
      spawnError = e;
      done();
    });
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      done();
    });
  });
  const hasExited = () => exitCode !== undefined || spawnError !== undefined;
  const fail = async (why: string): Promise<QmpOutcome> => {
    if (!hasExited()) child.kill('SIGKILL');
    await exited;
    const spawnText = spawnError
      ? `${(spawnError as NodeJS.ErrnoException).code === 'ENOENT' ? notInstalled(binary) : spawnError.message}\n`
      : '';
    return { ok: false, detail: `${why}\n${spawnText}${output.trim()}`, results: {} };
  };
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    if (!(await waitFor(() => existsSync(qmpPath), timeoutMs, hasExited)))
      return await fail(`${binary} exited before opening its QMP socket (exit ${exitCode}).`);
    const results: Record<string, unknown> = {};
    // The socket file appears at bind(), a moment before QEMU listens on it: on a loaded
    // machine a connection can come in between and be refused. Nothing was sent then: retry.
    let conversation: string | undefined;
    for (let attempt = 0; ; attempt++) {
      conversation = await qmpConversation(
        qmpPath,
        ['qmp_capabilities', 'query-status', ...extra, 'quit'],
        results,
        hasExited,
      );
      if (!conversation?.startsWith('QMP: connect ECONNREFUSED') || hasExited() || attempt >= 50) break;
      await sleep(100);
    }
    if (conversation) return await fail(conversation);
    const status = (results['query-status'] as { status?: string } | undefined)?.status;
    if (status !== 'prelaunch') return await fail(`Unexpected run state ${status}: the guest must not run.`);
    await exited;
    if (exitCode !== 0)
      return { ok: false, detail: `${binary} exited ${exitCode} after quit.\n${output.trim()}`, results };
    return { ok: true, detail: output.trim(), results };
  } finally {
    clearTimeout(timer);
  }
}

/** Sends each command in turn; returns an error text, or undefined when all returned. */
function qmpConversation(
  path: string,
  commands: readonly string[],
  results: Record<string, unknown>,
  hasExited: () => boolean,
): Promise<string | undefined> {
  return new Promise((done) => {
    const socket = createConnection(path);
    let buffer = '';
    let greeted = false;
    let next = 0;
    let finished = false;
    const finish = (error?: string) => {
      if (finished) return;
      finished = true;
      socket.destroy();
      done(error);
    };
    const send = () => socket.write(JSON.stringify({ execute: commands[next] }) + '\n');
    socket.on('error', (e) => finish(`QMP: ${e.message}${hasExited() ? ' (QEMU exited)' : ''}`));
    socket.on('close', () => finish(next < commands.length ? 'QMP connection closed early: QEMU stopped.' : undefined));
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        let message: Record<string, unknown>;
        try {
          message = JSON.parse(line) as Record<string, unknown>;
        } catch {
          return finish(`QMP: not JSON: ${line}`);
        }
        if (!greeted) {
          if (!('QMP' in message)) return finish(`QMP: no greeting: ${line}`);
          greeted = true;
          send();
          continue;
        }
        if ('event' in message) continue;
        if ('error' in message) return finish(`QMP ${commands[next]}: ${JSON.stringify(message.error)}`);
        if ('return' in message) {
          results[commands[next]] = message.return;
          next++;
          if (next === commands.length) return finish();
          send();
        }
      }
    });
  });
}

// ---------------------------------------------------------------------------------------
// Files a command line needs.

/** A minimal x86 Linux boot-protocol image: enough for QEMU's -kernel loader. */
function fakeBzImage(): Buffer {
  const b = Buffer.alloc(64 * 1024);
  b[0x1f1] = 4; // setup sectors
  b.write('HdrS', 0x202, 'latin1'); // boot protocol signature
  b.writeUInt16LE(0x0206, 0x206); // protocol 2.06
  b[0x211] = 0x01; // LOADED_HIGH
  b.writeUInt32LE(0x7fffffff, 0x22c); // initrd_addr_max
  return b;
}

/** A minimal arm64 Image: header with the "ARM\x64" magic. */
function fakeArm64Image(): Buffer {
  const b = Buffer.alloc(64 * 1024);
  b.writeUInt32LE(0x14000010, 0); // b #0x40, as real images start
  b.writeBigUInt64LE(0x80000n, 8); // text_offset
  b.writeBigUInt64LE(BigInt(b.length), 16); // image_size
  b.writeUInt32LE(0x644d5241, 0x38); // "ARM\x64"
  return b;
}

function parseSize(text: string | undefined, fallback: number): number {
  if (!text) return fallback;
  const m = /^(\d+)([KMG]?)$/.exec(text);
  assert.ok(m, `bad size ${text}`);
  return Number(m[1]) * { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2] as '' | 'K' | 'M' | 'G'];
}

async function makeFiles(dir: string, files: Record<string, string> = {}): Promise<void> {
  for (const [name, spec] of Object.entries(files)) {
    const path = join(dir, name);
    const [kind, ...restParts] = spec.split(':');
    const rest = restParts.join(':');
    switch (kind) {
      case 'qcow2':
      case 'raw': {
        const r = await run('qemu-img', ['create', '-q', '-f', kind, path, rest || '64M']);
        assert.equal(r.code, 0, `qemu-img create ${name}: ${r.stderr}`);
        break;
      }
      case 'zero':
        writeFileSync(path, Buffer.alloc(parseSize(rest, 1024 * 1024)));
        break;
      case 'bzimage':
        writeFileSync(path, fakeBzImage());
        break;
      case 'arm64-image':
        writeFileSync(path, fakeArm64Image());
        break;
      case 'copy':
        assert.ok(
          existsSync(rest),
          `${rest} is missing: install the Debian package that ships it (ovmf, qemu-efi-aarch64)`,
        );
        copyFileSync(rest, path);
        break;
      case 'dir':
        mkdirSync(path, { recursive: true });
        break;
      case 'text':
        writeFileSync(path, rest);
        break;
      case 'snippet': {
        const snippet = xmlSnippets[rest];
        assert.ok(snippet, `file ${name}: no XML snippet ${rest}`);
        writeFileSync(path, expandSnippet(snippet.body));
        break;
      }
      default:
        assert.fail(`file ${name}: unknown kind "${spec}"`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Helper daemons.

interface Started {
  stop(): Promise<void>;
}

function virtiofsdCommand(socket: string, shared: string): [string, string[]] {
  // Rust virtiofsd (Debian 13+, Ubuntu) or the C one shipped by qemu-system-common (Debian 12).
  if (existsSync('/usr/libexec/virtiofsd'))
    return ['/usr/libexec/virtiofsd', [`--socket-path=${socket}`, `--shared-dir=${shared}`, '--sandbox=none']];
  if (existsSync('/usr/lib/qemu/virtiofsd'))
    return ['/usr/lib/qemu/virtiofsd', [`--socket-path=${socket}`, '-o', `source=${shared}`, '-o', 'cache=auto']];
  throw new Error('virtiofsd is not installed (Debian 12: qemu-system-common; later: package virtiofsd).');
}

async function startService(service: Service, dir: string): Promise<Started> {
  const socket = join(dir, service.socket);
  let command: [string, string[]];
  if (service.run === 'swtpm') {
    const state = join(dir, 'swtpm-state');
    mkdirSync(state);
    command = [
      'swtpm',
      ['socket', '--tpm2', '--tpmstate', `dir=${state}`, '--ctrl', `type=unixio,path=${socket}`, '--terminate'],
    ];
  } else {
    const shared = join(dir, 'shared');
    mkdirSync(shared, { recursive: true });
    command = virtiofsdCommand(socket, shared);
  }
  const child: ChildProcess = spawn(command[0], command[1], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let gone = false;
  let spawnError = '';
  const exited = new Promise<void>((done) => {
    child.on('exit', () => ((gone = true), done()));
    child.on('error', (e) => ((gone = true), (spawnError = e.message), done()));
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const stop = async () => {
    if (!gone) child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(forced);
    clearTimeout(killer);
  };
  if (
    !(await waitFor(
      () => existsSync(socket),
      10_000,
      () => gone,
    ))
  ) {
    await stop();
    throw new Error(
      `${command[0]} did not open ${service.socket}: ${spawnError.includes('ENOENT') ? notInstalled(command[0]) : spawnError}${output}`,
    );
  }
  return { stop };
}

// ---------------------------------------------------------------------------------------
// Swaps: only what this machine cannot provide, each one declared in the table.

let kvmUsable: boolean | undefined;

/** Can this machine run `-accel kvm -cpu host`? VIRTKIT_SNIPPETS_NO_KVM=1 says no. */
async function probeKvm(): Promise<boolean> {
  if (kvmUsable !== undefined) return kvmUsable;
  if (process.env.VIRTKIT_SNIPPETS_NO_KVM === '1' || !existsSync('/dev/kvm')) {
    console.log('      (KVM: not tried; command lines with -accel kvm run with TCG, swap "kvm")');
    return (kvmUsable = false);
  }
  kvmUsable = await inTempDir(
    async (dir) =>
      (
        await checkQemu(
          'qemu-system-x86_64',
          ['-machine', 'q35', '-accel', 'kvm', '-cpu', 'host', '-m', '128M', '-nodefaults'],
          dir,
        )
      ).ok,
  );
  console.log(
    `      (KVM ${kvmUsable ? 'works here: command lines run with -accel kvm as written' : 'is not usable here: command lines with -accel kvm run with TCG, swap "kvm"'})`,
  );
  return kvmUsable;
}

function usesKvm(args: readonly string[]): boolean {
  return args.some(
    (a, i) =>
      a === '-enable-kvm' ||
      (args[i - 1] === '-accel' && /^kvm(,|$)/.test(a)) ||
      ((args[i - 1] === '-machine' || args[i - 1] === '-M') && /(^|,)accel=kvm/.test(a)),
  );
}

function swapKvm(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const prev = args[i - 1];
    if (a === '-enable-kvm') out.push('-accel', 'tcg');
    else if (prev === '-accel') out.push(a.replace(/^kvm(?=,|$)/, 'tcg'));
    else if (prev === '-machine' || prev === '-M') out.push(a.replace(/(^|,)accel=kvm/, '$1accel=tcg'));
    else if (prev === '-cpu') out.push(a.replace(/^host(?=,|$)/, 'max'));
    else out.push(a);
  }
  return out;
}

/** key=value pairs of a QEMU option argument (',,' is a literal comma). */
function optionPairs(arg: string): [string, string][] {
  const parts: string[] = [''];
  for (let i = 0; i < arg.length; i++) {
    if (arg[i] !== ',') parts[parts.length - 1] += arg[i];
    else if (arg[i + 1] === ',') parts[parts.length - 1] += arg[++i];
    else parts.push('');
  }
  return parts.map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [p, ''] : [p.slice(0, eq), p.slice(eq + 1)];
  });
}

interface NetdevCheck {
  branch: 'tap' | 'bridge';
  options: [string, string][];
}

/** Replaces `-netdev tap|bridge,…` (and `-nic`) with user-mode ones; returns what to check. */
function swapNetdev(args: readonly string[], branch: 'tap' | 'bridge'): { args: string[]; checks: NetdevCheck[] } {
  const out: string[] = [];
  const checks: NetdevCheck[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const prev = args[i - 1];
    if ((prev === '-netdev' || prev === '-nic') && (a === branch || a.startsWith(branch + ','))) {
      const pairs = optionPairs(a).slice(1);
      const keep = pairs.filter(([k]) => k === 'id' || (prev === '-nic' && (k === 'model' || k === 'mac')));
      checks.push({
        branch,
        options: pairs.filter(([k]) => k !== 'id' && !(prev === '-nic' && (k === 'model' || k === 'mac'))),
      });
      out.push(['user', ...keep.map(([k, v]) => `${k}=${v}`)].join(','));
    } else {
      out.push(a);
    }
  }
  return { args: out, checks };
}

interface SchemaEntity {
  name: string;
  'meta-type': string;
  members?: { name: string; type?: string; case?: string }[];
  variants?: { case: string; type: string }[];
}

/** Checks tap/bridge option names (and boolean values) against QEMU's QAPI schema. */
function checkNetdevAgainstSchema(schema: SchemaEntity[], checks: readonly NetdevCheck[]): string[] {
  const byName = new Map(schema.map((e) => [e.name, e]));
  // The Netdev union: the object type whose variants include both 'tap' and 'bridge' and 'user'.
  const netdev = schema.find(
    (e) =>
      e['meta-type'] === 'object' &&
      e.variants &&
      ['tap', 'bridge', 'user'].every((c) => e.variants!.some((v) => v.case === c)),
  );
  if (!netdev) return ['QAPI schema: Netdev union not found'];
  const problems: string[] = [];
  for (const check of checks) {
    const typeName = netdev.variants!.find((v) => v.case === check.branch)!.type;
    const members = byName.get(typeName)?.members ?? [];
    for (const [key, value] of check.options) {
      const member = members.find((m) => m.name === key);
      if (!member) {
        problems.push(
          `-netdev ${check.branch}: QEMU has no option "${key}" (has: ${members.map((m) => m.name).join(', ')})`,
        );
        continue;
      }
      const type = member.type ? byName.get(member.type) : undefined;
      if (member.type === 'bool' || type?.name === 'bool') {
        if (!['on', 'off', 'yes', 'no', 'true', 'false'].includes(value))
          problems.push(`-netdev ${check.branch}: ${key}=${value} is not a boolean`);
      }
    }
  }
  return problems;
}

/** Removes `-device vfio-pci,…`; returns the property lists to check. */
function swapVfio(args: readonly string[]): { args: string[]; devices: [string, string][][] } {
  const out: string[] = [];
  const devices: [string, string][][] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-device' && /^vfio-pci(,|$)/.test(args[i + 1] ?? '')) {
      devices.push(optionPairs(args[i + 1]).slice(1));
      i++;
    } else {
      out.push(args[i]);
    }
  }
  return { args: out, devices };
}

async function checkVfioProperties(devices: readonly [string, string][][]): Promise<string[]> {
  const help = await run('qemu-system-x86_64', ['-device', 'vfio-pci,help']);
  const known = new Set([...help.stdout.matchAll(/^\s+([\w.-]+)=</gm)].map((m) => m[1]));
  assert.ok(
    known.has('host'),
    `qemu-system-x86_64 -device vfio-pci,help lists no properties:\n${help.stdout}${help.stderr}`,
  );
  const problems: string[] = [];
  for (const props of devices) {
    for (const [key, value] of props) {
      if (!known.has(key)) problems.push(`vfio-pci has no property "${key}"`);
      if (key === 'host' && !/^(?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/i.test(value))
        problems.push(`vfio-pci host=${value} is not a PCI address`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Runners per program.

function expectFailure(entry: CommandEntry, ran: { failed: boolean; text: string }, what: string): void {
  if (entry.expectError) {
    assert.ok(
      ran.failed,
      `${what} was expected to fail with "${entry.expectError}" but succeeded: update the table.\n${ran.text}`,
    );
    assert.ok(
      ran.text.includes(entry.expectError),
      `${what} failed, but not with "${entry.expectError}":\n${ran.text}`,
    );
  } else {
    assert.ok(!ran.failed, `${what} failed:\n${ran.text}`);
  }
}

async function checkQemuSnippet(name: string, entry: CommandEntry, words: string[], dir: string): Promise<void> {
  const declared = new Set(entry.swaps ?? []);
  let args = words.slice(1);
  const notes: string[] = [];
  const extraQmp: string[] = [];
  let netdevChecks: NetdevCheck[] = [];
  let vfioDevices: [string, string][][] = [];

  // Every declared swap must be needed, and every needed swap declared.
  const needsKvm = usesKvm(args);
  assert.equal(
    declared.has('kvm'),
    needsKvm,
    needsKvm
      ? `${name} uses KVM: list swap "kvm" in command-snippets.json`
      : `${name} does not use KVM: remove swap "kvm"`,
  );
  if (needsKvm && !(await probeKvm())) {
    args = swapKvm(args);
    notes.push('KVM → TCG');
  }
  for (const branch of ['tap', 'bridge'] as const) {
    const swapped = swapNetdev(args, branch);
    assert.equal(
      declared.has(branch),
      swapped.checks.length > 0,
      `${name}: swap "${branch}" ${swapped.checks.length ? 'is needed but not listed' : 'is listed but changes nothing'}`,
    );
    args = swapped.args;
    netdevChecks = netdevChecks.concat(swapped.checks);
  }
  if (netdevChecks.length) extraQmp.push('query-qmp-schema');
  const vfio = swapVfio(args);
  assert.equal(
    declared.has('vfio-pci'),
    vfio.devices.length > 0,
    `${name}: swap "vfio-pci" ${vfio.devices.length ? 'is needed but not listed' : 'is listed but changes nothing'}`,
  );
  args = vfio.args;
  vfioDevices = vfio.devices;
  for (const swap of declared)
    assert.ok(commandTable.swaps[swap], `${name}: swap "${swap}" is not described in command-snippets.json`);

  const services: Started[] = [];
  try {
    for (const service of entry.services ?? []) services.push(await startService(service, dir));
    const outcome = await checkQemu(words[0], args, dir, extraQmp);
    expectFailure(
      entry,
      { failed: !outcome.ok, text: `${outcome.detail}\n(args: ${args.join(' ')})` },
      `${name}${notes.length ? ` (${notes.join(', ')})` : ''}`,
    );
    if (netdevChecks.length) {
      const problems = checkNetdevAgainstSchema(outcome.results['query-qmp-schema'] as SchemaEntity[], netdevChecks);
      assert.deepEqual(problems, [], `${name}: swapped-out network options`);
    }
  } finally {
    for (const s of services) await s.stop();
  }
  if (vfioDevices.length) assert.deepEqual(await checkVfioProperties(vfioDevices), [], `${name}: vfio-pci properties`);
}

async function checkQemuImgSnippet(name: string, entry: CommandEntry, words: string[], dir: string): Promise<void> {
  const r = await run(words[0], words.slice(1), { cwd: dir, timeoutMs: 60_000 });
  expectFailure(entry, { failed: r.code !== 0, text: r.stdout + r.stderr }, name);
}

async function checkVirshSnippet(name: string, entry: CommandEntry, words: string[], dir: string): Promise<void> {
  const args = words.slice(1);
  assert.ok(
    !args.some((a) => a === '-c' || a.startsWith('--connect')),
    `${name}: the snippet must not choose a connection URI; the test uses the test driver`,
  );
  const commands = [...(entry.virsh?.before ?? []), args.map(quoteShellWord).join(' ')];
  // One virsh session: the test driver's state lives as long as the process.
  const r = await run('virsh', ['-c', 'test:///default', commands.join(' ; ')], {
    cwd: dir,
    timeoutMs: 30_000,
    env: sandboxEnv(dir),
  });
  const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
  if (entry.expectError) {
    assert.ok(
      errors.length > 0,
      `${name} was expected to fail with "${entry.expectError}" but succeeded:\n${r.stdout}`,
    );
    for (const e of errors)
      assert.ok(
        e.includes(entry.expectError),
        `${name}: unexpected error (every error must be the expected one):\n${r.stderr}`,
      );
  } else {
    assert.deepEqual(errors, [], `${name}: virsh reported errors:\n${r.stderr}\n${r.stdout}`);
    assert.equal(r.code, 0, `${name}: virsh exited ${r.code}:\n${r.stderr}`);
  }
}

async function checkVirtInstallSnippet(name: string, entry: CommandEntry, words: string[], dir: string): Promise<void> {
  const args = words.slice(1);
  assert.ok(!args.some((a) => a.startsWith('--connect')), `${name}: the snippet must not choose a connection URI`);
  const r = await run('virt-install', ['--connect', 'test:///default', '--dry-run', ...args], {
    cwd: dir,
    timeoutMs: 120_000,
    env: sandboxEnv(dir),
  });
  expectFailure(entry, { failed: r.code !== 0, text: r.stdout + r.stderr }, name);
  if (!entry.expectError) assert.match(r.stdout + r.stderr, /Dry run completed successfully/, name);
}

// ---------------------------------------------------------------------------------------

describe('snippets, checked by the real tools', function () {
  this.timeout(180_000);

  describe("libvirt XML (virt-xml-validate and libvirt's test driver)", () => {
    it('has a table entry for every snippet and a snippet for every entry', () => {
      assert.deepEqual(
        Object.keys(xmlSnippets).filter((k) => !xmlTable[k]),
        [],
        'snippets missing from test/fixtures/snippets/xml-snippets.json',
      );
      assert.deepEqual(
        Object.keys(xmlTable).filter((k) => !xmlSnippets[k]),
        [],
        'entries of xml-snippets.json without a snippet',
      );
    });

    const documents = new Map<string, { text: string; entry: XmlEntry }>();
    const documentFor = (name: string) => {
      let doc = documents.get(name);
      if (!doc) {
        doc = snippetDocument(name);
        documents.set(name, doc);
      }
      return doc;
    };
    const numbered = (text: string) =>
      text
        .split('\n')
        .map((l, i) => `${String(i + 1).padStart(3)}| ${l}`)
        .join('\n');

    for (const name of Object.keys(xmlSnippets)) {
      it(`${name}: virt-xml-validate accepts it`, async () => {
        const { text, entry } = documentFor(name);
        await inTempDir(async (dir) => {
          const file = join(dir, `${name}.xml`);
          writeFileSync(file, text);
          const result = await validateLibvirtXmlFile(file, { schema: entry.schema as never });
          assert.equal(
            result.status,
            'valid',
            `${name} (${entry.schema}): ${JSON.stringify(result, null, 2)}\n${numbered(text)}`,
          );
        });
      });

      it(`${name}: libvirt's parser (test driver) accepts it`, async () => {
        const { text, entry } = documentFor(name);
        const command = {
          domain: 'define',
          network: 'net-define',
          storagepool: 'pool-define',
          storagevol: 'vol-create default-pool',
          domainsnapshot: 'snapshot-create test',
        }[entry.schema];
        assert.ok(command, `${name}: no test-driver command for schema ${entry.schema}`);
        await inTempDir(async (dir) => {
          writeFileSync(join(dir, 'doc.xml'), text);
          const r = await run('virsh', ['-c', 'test:///default', `${command} doc.xml`], {
            cwd: dir,
            timeoutMs: 30_000,
            env: sandboxEnv(dir),
          });
          const failed = r.code !== 0 || /^error:/m.test(r.stderr);
          if (entry.testDriver) {
            assert.ok(
              failed,
              `${name} was expected to fail with "${entry.testDriver.expectError}" but the test driver accepted it: update xml-snippets.json`,
            );
            assert.ok(r.stderr.includes(entry.testDriver.expectError), `${name}: unexpected error:\n${r.stderr}`);
          } else {
            assert.ok(!failed, `${name}: virsh ${command} failed:\n${r.stderr}\n${numbered(text)}`);
          }
        });
      });
    }
  });

  describe('command lines (qemu-system-*, qemu-img, virsh, virt-install)', () => {
    it('has a table entry for every snippet and a snippet for every entry', () => {
      assert.deepEqual(
        Object.keys(commandSnippets).filter((k) => !commandTable.snippets[k]),
        [],
        'snippets missing from test/fixtures/snippets/command-snippets.json',
      );
      assert.deepEqual(
        Object.keys(commandTable.snippets).filter((k) => !commandSnippets[k]),
        [],
        'entries of command-snippets.json without a snippet',
      );
      for (const [name, entry] of Object.entries(commandTable.snippets)) {
        if (entry.expectError) assert.ok(entry.reason?.trim(), `${name}: expectError needs a reason`);
      }
    });

    for (const [name, snippet] of Object.entries(commandSnippets)) {
      it(`${name}: the real tool accepts it`, async () => {
        const entry = commandTable.snippets[name];
        assert.ok(entry, `${name} has no entry in test/fixtures/snippets/command-snippets.json: it cannot be checked`);
        // A forwarded host port is a placeholder the person fills in; the test takes a free
        // one, so that two runs on one machine never fight over the default (2222).
        const port = await freePort();
        // The same for a VNC display: :0 is port 5900, which a guest of another run (or the
        // libvirt tier's) may hold; a free port becomes display (port - 5900).
        const vncPort = await freePort();
        const words = splitShellWords(expandSnippet(snippet.body)).map((w, i, all) =>
          all[i - 1] === '-vnc'
            ? w.replace(/^(127\.0\.0\.1|localhost)?:0(?=,|$)/, `$1:${vncPort - 5900}`)
            : w.replace(/(hostfwd=tcp:127\.0\.0\.1:)2222-/, `$1${port}-`),
        );
        await inTempDir(async (dir) => {
          await makeFiles(dir, entry.files);
          for (const argv of entry.before ?? []) {
            assert.equal(argv[0], 'qemu-img', `${name}: "before" runs qemu-img only`);
            const r = await run(argv[0], argv.slice(1), { cwd: dir });
            assert.equal(r.code, 0, `${name}: before ${argv.join(' ')}: ${r.stderr}`);
          }
          switch (words[0]) {
            case 'qemu-system-x86_64':
            case 'qemu-system-aarch64':
              return checkQemuSnippet(name, entry, words, dir);
            case 'qemu-img':
              return checkQemuImgSnippet(name, entry, words, dir);
            case 'virsh':
              return checkVirshSnippet(name, entry, words, dir);
            case 'virt-install':
              return checkVirtInstallSnippet(name, entry, words, dir);
            default:
              assert.fail(`${name}: no checker for ${words[0]}`);
          }
        });
      });
    }
  });

  describe('the checks catch mistakes', () => {
    const disk = async (dir: string) => makeFiles(dir, { 'disk.qcow2': 'qcow2' });
    const base = ['-machine', 'q35', '-accel', 'tcg', '-m', '256M', '-nodefaults'];

    it('QEMU: a valid command line passes and leaves the guest in prelaunch', async () => {
      await inTempDir(async (dir) => {
        await disk(dir);
        const outcome = await checkQemu(
          'qemu-system-x86_64',
          [...base, '-drive', 'file=disk.qcow2,format=qcow2,if=virtio'],
          dir,
        );
        assert.ok(outcome.ok, outcome.detail);
      });
    });

    it('QEMU: an unknown option fails', async () => {
      await inTempDir(async (dir) => {
        const outcome = await checkQemu('qemu-system-x86_64', [...base, '-no-such-option'], dir);
        assert.ok(!outcome.ok);
        assert.match(outcome.detail, /-no-such-option: invalid option/);
      });
    });

    it('QEMU: an unknown device property fails', async () => {
      await inTempDir(async (dir) => {
        const outcome = await checkQemu(
          'qemu-system-x86_64',
          [...base, '-device', 'virtio-rng-pci,no-such-prop=1'],
          dir,
        );
        assert.ok(!outcome.ok);
        assert.match(outcome.detail, /no-such-prop/);
      });
    });

    it('QEMU: a device that cannot be realized (missing image) fails', async () => {
      await inTempDir(async (dir) => {
        const outcome = await checkQemu(
          'qemu-system-x86_64',
          [...base, '-drive', 'file=missing.qcow2,format=qcow2,if=virtio'],
          dir,
        );
        assert.ok(!outcome.ok);
        assert.match(outcome.detail, /missing\.qcow2/);
      });
    });

    it('QEMU: a bad option value fails (aarch64 too)', async () => {
      await inTempDir(async (dir) => {
        const outcome = await checkQemu(
          'qemu-system-aarch64',
          ['-machine', 'virt', '-accel', 'tcg', '-cpu', 'no-such-cpu', '-m', '256M'],
          dir,
        );
        assert.ok(!outcome.ok);
        assert.match(outcome.detail, /no-such-cpu/);
      });
    });

    it("the tap swap checks option names against QEMU's schema", async () => {
      const swapped = swapNetdev(['-netdev', 'tap,id=n0,ifname=tap0,script=no,no-such=1,vhost=maybe'], 'tap');
      assert.deepEqual(swapped.args, ['-netdev', 'user,id=n0']);
      await inTempDir(async (dir) => {
        const outcome = await checkQemu('qemu-system-x86_64', [...base, ...swapped.args], dir, ['query-qmp-schema']);
        assert.ok(outcome.ok, outcome.detail);
        const problems = checkNetdevAgainstSchema(
          outcome.results['query-qmp-schema'] as SchemaEntity[],
          swapped.checks,
        );
        assert.equal(problems.length, 2, problems.join('\n'));
        assert.match(problems[0], /no option "no-such"/);
        assert.match(problems[1], /vhost=maybe is not a boolean/);
      });
    });

    it('the vfio-pci swap checks property names and the address', async () => {
      const swapped = swapVfio([
        '-m',
        '1G',
        '-device',
        'vfio-pci,host=0000:01:00.0,no-such=1',
        '-device',
        'vfio-pci,host=01:00',
      ]);
      assert.deepEqual(swapped.args, ['-m', '1G']);
      const problems = await checkVfioProperties(swapped.devices);
      assert.deepEqual(problems, ['vfio-pci has no property "no-such"', 'vfio-pci host=01:00 is not a PCI address']);
    });

    it('reads QEMU option lists (",," is a comma)', () => {
      assert.deepEqual(optionPairs('tap,id=n0,script=no,x=a,,b,flag'), [
        ['tap', ''],
        ['id', 'n0'],
        ['script', 'no'],
        ['x', 'a,b'],
        ['flag', ''],
      ]);
    });

    it('the KVM swap keeps CPU properties', () => {
      assert.deepEqual(swapKvm(['-accel', 'kvm', '-cpu', 'host,vmx=on', '-machine', 'q35,accel=kvm', '-enable-kvm']), [
        '-accel',
        'tcg',
        '-cpu',
        'max,vmx=on',
        '-machine',
        'q35,accel=tcg',
        '-accel',
        'tcg',
      ]);
      assert.ok(usesKvm(['-accel', 'kvm']));
      assert.ok(!usesKvm(['-accel', 'tcg', '-cpu', 'max']));
    });

    it('virsh: an unknown option fails in the test driver session', async () => {
      await inTempDir(async (dir) => {
        const r = await run('virsh', ['-c', 'test:///default', 'list --no-such-option'], {
          cwd: dir,
          env: sandboxEnv(dir),
        });
        assert.match(r.stderr, /^error: .*no-such-option/m);
      });
    });

    it('virt-install: an unknown option fails', async () => {
      await inTempDir(async (dir) => {
        const r = await run('virt-install', ['--connect', 'test:///default', '--dry-run', '--no-such-option'], {
          cwd: dir,
          env: sandboxEnv(dir),
        });
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /unrecognized arguments: --no-such-option/);
      });
    });

    it('qemu-img: a bad command fails', async () => {
      await inTempDir(async (dir) => {
        const r = await run('qemu-img', ['resize', 'missing.qcow2', '+1G'], { cwd: dir });
        assert.notEqual(r.code, 0);
      });
    });

    it('virt-xml-validate: an invalid fragment fails in its wrapper', async () => {
      await inTempDir(async (dir) => {
        const wrapper = readFileSync(join(fixtures, 'wrappers', 'domain-devices.xml'), 'utf8');
        const file = join(dir, 'bad.xml');
        writeFileSync(file, wrapper.replace('<!--SNIPPET-->', "<watchdog model='no-such-model'/>"));
        const result = await validateLibvirtXmlFile(file, { schema: 'domain' });
        assert.equal(result.status, 'invalid');
      });
    });
  });
});
