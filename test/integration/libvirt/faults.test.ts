// The Virtual Machines view when things go wrong, on real components: a libvirtd killed with
// SIGKILL while the view is open and started again (a private daemon the harness started for
// this, test/harness/privateLibvirtd.mjs: the shared system daemon is never touched); a host
// that accepts the connection and never answers (a TCP server in this test, reached over
// qemu+ssh: ssh waits for the server's banner); and an SSH server that refuses the key.
// The view is read through `virtkit.machines.test.view`, which returns what the view shows from
// what it has read, without re-reading: a change there came from the view itself (its event
// stream), not from a Refresh.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { ActionOutcome as Outcome } from '../../../src/features/machines/desktop';
import type { VirtKitApi } from '../../../src/extension';
import type { MachineItemSnapshot, WelcomeReason } from '../../../src/features/machines/machinesTreeProvider';
import { activateExtension, EXTENSION_ID } from '../util';
import { faultEnv, libvirtUris } from './env';

const run = promisify(execFile);
const config = () => vscode.workspace.getConfiguration('virtkit');
const setGlobal = (key: string, value: unknown) => config().update(key, value, vscode.ConfigurationTarget.Global);
const refresh = () => vscode.commands.executeCommand<MachineItemSnapshot[]>('virtkit.machines.refresh');
const view = (depth?: number) =>
  vscode.commands.executeCommand<{ welcome: WelcomeReason; items: MachineItemSnapshot[] }>(
    'virtkit.machines.test.view',
    depth,
  );
const act = (id: string, target: Record<string, string>) =>
  vscode.commands.executeCommand<Outcome>(`virtkit.machines.${id}`, target);

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Processes whose command line mentions `needle` (ps, so the check sees ssh as well as virsh). */
function processesWith(needle: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(needle) && !/\bps -eo\b/.test(l));
}

const timings: string[] = [];

describe('Virtual Machines faults on real components', function () {
  this.timeout(60_000);
  let api: VirtKitApi;
  let saved: { connections: unknown; timeout: unknown };
  before(async () => {
    api = (await activateExtension()).exports as unknown as VirtKitApi;
    saved = {
      connections: config().inspect('libvirt.connections')?.globalValue,
      timeout: config().inspect('libvirt.timeoutSeconds')?.globalValue,
    };
  });
  after(async () => {
    await setGlobal('libvirt.connections', saved.connections);
    await setGlobal('libvirt.timeoutSeconds', saved.timeout);
    console.log(`      [faults] ${timings.join('; ')}`);
  });

  it('shows a killed daemon as unreachable with the reason, says why actions cannot run, and recovers by itself', async () => {
    const { privateUri: uri, privateDir } = faultEnv();
    const harness = join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '', 'test/harness');
    const daemon = (command: 'kill' | 'start') =>
      run('node', [join(harness, 'privateLibvirtd.mjs'), command, privateDir], { timeout: 60_000 });
    const name = `vk fault "域" ${process.pid}`;
    const dir = mkdtempSync(join(tmpdir(), 'virtkit-fault-'));
    const file = join(dir, 'domain.xml');
    writeFileSync(
      file,
      `<domain type='qemu'><name>${name.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</name>` +
        `<memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type arch='x86_64'>hvm</type></os></domain>`,
    );
    await run('virsh', ['-c', uri, 'define', file], { timeout: 60_000 });
    const connection = (items: MachineItemSnapshot[]) => items.find((i) => i.label === uri);
    const listsDomain = (c: MachineItemSnapshot | undefined) =>
      c?.children?.[0]?.children?.some((d) => d.label === name) ?? false;
    try {
      // test:///default beside it keeps the view's items (and not its welcome) on screen.
      await setGlobal('libvirt.connections', ['test:///default', uri]);
      assert.ok(listsDomain(connection(await refresh())), 'the private daemon is listed with its domain');
      // Its event stream runs and has connected (it counts as up after 1.5 s).
      const pid = await until(
        async () =>
          (await vscode.commands.executeCommand<Record<string, number | undefined>>('virtkit.machines.test.eventPids'))[
            uri
          ],
        'the event process of the private daemon',
        10_000,
      );
      assert.ok(pid > 0);
      await new Promise((r) => setTimeout(r, 2_000));

      const killedAt = Date.now();
      await daemon('kill');
      const problem = await until(
        async () => {
          const p = connection((await view()).items)?.children?.[0];
          return p?.contextValue === 'problem-unreachable' ? p : undefined;
        },
        'the view to show the killed daemon as unreachable, without a refresh',
        10_000,
      );
      const downMs = Date.now() - killedAt;
      // The reason in virsh's words beside the view's own sentence.
      assert.match(problem.description ?? '', /Failed to connect socket|Connection refused|No such file/i);
      assert.notEqual(problem.label, '');
      assert.equal(connection((await view()).items)?.children?.length, 1);

      const actionAt = Date.now();
      const outcome = await act('domain.start', { uri, kind: 'domain', name });
      const actionMs = Date.now() - actionAt;
      assert.equal(outcome.ok, false);
      assert.equal(outcome.cancelled, undefined);
      assert.equal(outcome.failure, 'unreachable', JSON.stringify(outcome));
      assert.match(outcome.message ?? '', /Failed to connect socket|Connection refused|No such file/i);
      assert.ok(actionMs < 5_000, `the action took ${actionMs} ms`);
      const inspected = await api.inspectLibvirt(uri);
      assert.deepEqual([inspected.state, inspected.reason], ['unreachable', 'unreachable']);

      const startedAt = Date.now();
      await daemon('start');
      const answeredMs = Date.now() - startedAt;
      await until(
        async () => (listsDomain(connection((await view()).items)) ? true : undefined),
        'the view to recover by itself once the daemon is back',
        20_000,
      );
      const upMs = Date.now() - startedAt;
      timings.push(
        `daemon killed → unreachable in the view ${downMs} ms; action refused in ${actionMs} ms; ` +
          `daemon answering ${answeredMs} ms after the start → view recovered ${upMs} ms after it`,
      );
    } finally {
      await daemon('start').catch(() => undefined);
      await run('virsh', ['-c', uri, 'undefine', '--domain', name], { timeout: 30_000 }).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops a virsh that hangs at its timeout or when cancelled, leaves no process, and the rest keeps answering', async () => {
    // Accepts and never says a word: ssh waits for the SSH banner, virsh for ssh.
    const sockets: Socket[] = [];
    const server = createServer((s) => {
      sockets.push(s);
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const hang = `qemu+ssh://root@127.0.0.1:${port}/system?no_verify=1`;
    const mark = `127.0.0.1:${port}`;
    const sshMark = `-p ${port} `;
    const leftovers = () => [...processesWith(mark), ...processesWith(sshMark)];
    const local = libvirtUris().local;
    try {
      await setGlobal('libvirt.timeoutSeconds', 4);
      await setGlobal('libvirt.connections', [hang, local]);
      const startedAt = Date.now();
      let refreshed = false;
      const refreshing = refresh().then((items) => {
        refreshed = true;
        return items;
      });

      // The view lists both connections once the local one has answered, while the other hangs.
      const early = await view(1);
      const earlyMs = Date.now() - startedAt;
      assert.deepEqual(
        early.items.map((i) => i.label),
        [hang, local],
      );
      assert.equal(refreshed, false, 'the hanging read was still running');
      assert.ok(earlyMs < 3_500, `the connections were listed after ${earlyMs} ms`);
      assert.ok(leftovers().length > 0, 'virsh and ssh run while the host hangs');
      // The local connection answers meanwhile, through the API and to an action.
      const localAt = Date.now();
      const r = await api.inspectLibvirt(local);
      const localMs = Date.now() - localAt;
      assert.equal(r.state, 'connected', r.message);
      assert.equal(refreshed, false, 'the hanging read was still running');

      const items = await refreshing;
      const timeoutMs = Date.now() - startedAt;
      const problem = items.find((i) => i.label === hang)?.children?.[0];
      assert.equal(problem?.contextValue, 'problem-unreachable', JSON.stringify(problem));
      assert.match(problem?.description ?? '', /did not answer in time/);
      assert.ok(timeoutMs >= 3_900 && timeoutMs < 15_000, `the view's read ended after ${timeoutMs} ms`);
      assert.equal(items.find((i) => i.label === local)?.children?.length, 3);

      // Through the API: a shorter timeout, and cancellation.
      let at = Date.now();
      const timed = await api.inspectLibvirt(hang, { timeoutMs: 1_500 });
      const apiTimeoutMs = Date.now() - at;
      assert.deepEqual([timed.state, timed.reason], ['unreachable', 'timeout']);
      assert.ok(apiTimeoutMs >= 1_400 && apiTimeoutMs < 6_000, `${apiTimeoutMs} ms`);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 500);
      at = Date.now();
      const cancelled = await api.inspectLibvirt(hang, { signal: controller.signal });
      const cancelMs = Date.now() - at;
      assert.equal(cancelled.reason, 'cancelled');
      assert.ok(cancelMs < 2_500, `cancelled after ${cancelMs} ms`);

      // An action on it: cancelled the way its notification's Cancel button does it.
      at = Date.now();
      const acting = act('domain.start', { uri: hang, kind: 'domain', name: 'any' });
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await vscode.commands.executeCommand<number>('virtkit.machines.test.cancelActions'), 1);
      const stopped = await acting;
      const actionCancelMs = Date.now() - at;
      assert.deepEqual([stopped.ok, stopped.cancelled], [false, true], JSON.stringify(stopped));
      assert.ok(actionCancelMs < 2_500, `the action was cancelled after ${actionCancelMs} ms`);

      // Without the hanging host, its event process goes too: nothing of it is left.
      await setGlobal('libvirt.connections', [local]);
      await until(
        async () => (leftovers().length === 0 ? true : undefined),
        `no virsh or ssh left for port ${port}: ${leftovers().join(' | ')}`,
        5_000,
      );
      timings.push(
        `hanging host: connections listed after ${earlyMs} ms, local read ${localMs} ms meanwhile, ` +
          `view timeout (4 s) ${timeoutMs} ms, API timeout (1.5 s) ${apiTimeoutMs} ms, cancel (0.5 s) ${cancelMs} ms, ` +
          `action cancel (0.5 s) ${actionCancelMs} ms`,
      );
    } finally {
      for (const s of sockets) s.destroy();
      server.close();
    }
  });

  it('says the SSH server refused the key, at once: ssh never waits for a password', async () => {
    const { refusedUri: uri } = faultEnv();
    // A password question would wait on this "askpass window" until the timeout.
    const dir = mkdtempSync(join(tmpdir(), 'virtkit-askpass-'));
    const askpass = join(dir, 'askpass');
    writeFileSync(askpass, '#!/bin/sh\nsleep 60\n');
    chmodSync(askpass, 0o755);
    const keys = ['SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE', 'DISPLAY'] as const;
    const before = keys.map((k) => process.env[k]);
    Object.assign(process.env, { SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':79' });
    try {
      await setGlobal('libvirt.timeoutSeconds', 15);
      await setGlobal('libvirt.connections', ['test:///default', uri]);
      const at = Date.now();
      const items = await refresh();
      const refusedMs = Date.now() - at;
      const problem = items.find((i) => i.label === uri)?.children?.[0];
      assert.equal(problem?.contextValue, 'problem-denied', JSON.stringify(problem));
      assert.match(problem?.description ?? '', /Permission denied \(publickey/);
      assert.match(problem?.label ?? '', /SSH/);
      assert.ok(refusedMs < 5_000, `the refusal took ${refusedMs} ms`);
      const r = await api.inspectLibvirt(uri);
      assert.deepEqual([r.state, r.reason], ['denied', 'ssh-auth']);

      // The only connection: the welcome says what to do.
      await setGlobal('libvirt.connections', [uri]);
      assert.deepEqual(await refresh(), []);
      assert.equal((await view()).welcome, 'ssh-refused');

      const outcome = await act('domain.start', { uri, kind: 'domain', name: 'any' });
      assert.deepEqual([outcome.ok, outcome.failure], [false, 'ssh-auth']);
      assert.deepEqual(processesWith(askpass), [], 'askpass never ran');
      timings.push(`refused SSH key: shown in ${refusedMs} ms`);
    } finally {
      keys.forEach((k, i) => {
        if (before[i] === undefined) delete process.env[k];
        else process.env[k] = before[i];
      });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
