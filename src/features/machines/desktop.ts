// The desktop half of the Virtual Machines view: the action commands (each one virsh or
// virt-clone run, confirmed first when it destroys something) and the virsh event processes of
// each connection (domains, networks, pools) that refresh the view when libvirt reports a
// change. Not imported by the web entry.
import { existsSync, unwatchFile, watchFile } from 'node:fs';
import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  ACTIONS,
  actionCommand,
  domainArg,
  hasManagedSave,
  listSnapshots,
  localQemuLog,
  nameProblem,
  parseTarget,
  parseVolumeFormats,
  runTool,
  runVirsh,
  sizeValid,
  volumeDetails,
  VIEW_COMMANDS,
  type ActionId,
  type ActionInput,
  type LibvirtTarget,
  type ViewCommandId,
  type VirshRunResult,
} from '../../core/libvirt/actions';
import { EVENT_STREAMS, LibvirtEventWatcher, watchable } from '../../core/libvirt/events';
import type { LibvirtInspection } from '../../core/libvirt/types';
import { connections, readTimeoutMs, type MachinesDesktop } from './index';
import type { MachinesTreeProvider } from './machinesTreeProvider';
import { choose, confirm, input, pick, registerPromptTestSeam } from './prompts';

/** What every action command resolves to (for keybindings, other extensions and tests). */
export interface ActionOutcome {
  readonly ok: boolean;
  /** The person (or the test seam) said no, or closed a question. */
  readonly cancelled?: boolean;
  /** virsh's own words when it failed. */
  readonly message?: string;
  /** Why it could not run, when virsh did not get to do it (`unreachable`, `timeout`, `ssh-auth`, …). */
  readonly failure?: VirshRunResult['failure'];
  /** What a show-something command showed (address, command line, leases, log path). */
  readonly text?: string;
}

const NORMAL_TIMEOUT_MS = 60_000;
const SLOW_TIMEOUT_MS = 30 * 60_000;

/**
 * A tree node or an argument object → a target. Tree nodes of domains and pools carry their
 * object; the others already have the argument object's shape.
 */
function toTarget(arg: unknown): ReturnType<typeof parseTarget> {
  if (typeof arg === 'object' && arg !== null) {
    const a = arg as Record<string, unknown>;
    const inner = a.kind === 'domain' ? a.domain : a.kind === 'pool' ? a.pool : undefined;
    if (typeof inner === 'object' && inner !== null)
      return parseTarget({ uri: a.uri, kind: a.kind, name: (inner as { name?: unknown }).name });
  }
  return parseTarget(arg);
}

function objectText(t: LibvirtTarget): string {
  switch (t.kind) {
    case 'domain':
      return vscode.l10n.t('domain "{0}"', t.name);
    case 'network':
      return vscode.l10n.t('network "{0}"', t.name);
    case 'pool':
      return vscode.l10n.t('storage pool "{0}"', t.name);
    case 'volume':
      return vscode.l10n.t('volume "{0}" of pool "{1}"', t.name, t.pool ?? '');
    case 'snapshot':
      return vscode.l10n.t('snapshot "{0}" of domain "{1}"', t.name, t.domain ?? '');
  }
}

function actionTitle(id: ActionId | ViewCommandId): string {
  const titles: Record<ActionId | ViewCommandId, string> = {
    'domain.start': vscode.l10n.t('Start'),
    'domain.shutdown': vscode.l10n.t('Shut Down'),
    'domain.reboot': vscode.l10n.t('Reboot'),
    'domain.destroy': vscode.l10n.t('Force Off'),
    'domain.suspend': vscode.l10n.t('Pause'),
    'domain.resume': vscode.l10n.t('Resume'),
    'domain.save': vscode.l10n.t('Save State and Stop'),
    'domain.restore': vscode.l10n.t('Restore Saved State'),
    'domain.autostartOn': vscode.l10n.t('Enable Autostart'),
    'domain.autostartOff': vscode.l10n.t('Disable Autostart'),
    'domain.clone': vscode.l10n.t('Clone'),
    'domain.undefine': vscode.l10n.t('Undefine'),
    'domain.console': vscode.l10n.t('Open Serial Console'),
    'domain.display': vscode.l10n.t('Copy Graphics Address'),
    'domain.log': vscode.l10n.t('Open QEMU Log'),
    'domain.qemuArgv': vscode.l10n.t('Show QEMU Command Line'),
    'snapshot.create': vscode.l10n.t('Create Snapshot'),
    'snapshot.revert': vscode.l10n.t('Revert to Snapshot'),
    'snapshot.delete': vscode.l10n.t('Delete Snapshot'),
    'network.start': vscode.l10n.t('Start'),
    'network.stop': vscode.l10n.t('Stop'),
    'network.autostartOn': vscode.l10n.t('Enable Autostart'),
    'network.autostartOff': vscode.l10n.t('Disable Autostart'),
    'network.dhcpLeases': vscode.l10n.t('Show DHCP Leases'),
    'pool.start': vscode.l10n.t('Start'),
    'pool.stop': vscode.l10n.t('Stop'),
    'pool.refresh': vscode.l10n.t('Refresh'),
    'volume.create': vscode.l10n.t('Create Volume'),
    'volume.delete': vscode.l10n.t('Delete Volume'),
  };
  return titles[id];
}

/** The confirmation of a destructive action: question, consequence, button. */
function confirmation(id: ActionId, t: LibvirtTarget): [string, string, string] | undefined {
  const what = objectText(t);
  switch (id) {
    case 'domain.destroy':
      return [
        vscode.l10n.t('Force off {0} on {1}?', what, t.uri),
        vscode.l10n.t(
          'Like pulling the power cord: the guest cannot shut down cleanly, and data it has not written is lost.',
        ),
        vscode.l10n.t('Force Off'),
      ];
    case 'snapshot.revert':
      return [
        vscode.l10n.t('Revert to {0} on {1}?', what, t.uri),
        vscode.l10n.t('The domain goes back to the state of the snapshot; what changed since then is lost.'),
        vscode.l10n.t('Revert'),
      ];
    case 'snapshot.delete':
      return [
        vscode.l10n.t('Delete {0} on {1}?', what, t.uri),
        vscode.l10n.t('The snapshot and the state saved in it are removed. This cannot be undone.'),
        vscode.l10n.t('Delete'),
      ];
    case 'network.stop':
      return [
        vscode.l10n.t('Stop {0} on {1}?', what, t.uri),
        vscode.l10n.t('Guests attached to it lose their network until it is started again.'),
        vscode.l10n.t('Stop'),
      ];
    case 'pool.stop':
      return [
        vscode.l10n.t('Stop {0} on {1}?', what, t.uri),
        vscode.l10n.t('Its volumes cannot be used until the pool is started again (their data is kept).'),
        vscode.l10n.t('Stop'),
      ];
    case 'volume.delete':
      return [
        vscode.l10n.t('Delete {0} on {1}?', what, t.uri),
        vscode.l10n.t('The volume and all its data are deleted. This cannot be undone.'),
        vscode.l10n.t('Delete'),
      ];
    default:
      return undefined;
  }
}

function nameValidation(value: string): string | undefined {
  switch (nameProblem(value)) {
    case 'empty':
      return vscode.l10n.t('Enter a name.');
    case 'slash':
      return vscode.l10n.t('A name cannot contain "/".');
    case 'control':
      return vscode.l10n.t('A name cannot contain control characters.');
    default:
      return undefined;
  }
}

/** Asks what an action needs; undefined when the person cancelled. */
async function gatherInput(id: ActionId, t: LibvirtTarget): Promise<ActionInput | undefined> {
  switch (id) {
    case 'domain.clone': {
      const newName = await input({
        prompt: vscode.l10n.t('Name of the clone of {0} (its disks are copied)', objectText(t)),
        value: `${t.name}-clone`,
        validateInput: nameValidation,
      });
      return newName === undefined ? undefined : { newName };
    }
    case 'domain.undefine': {
      const answer = await choose(
        vscode.l10n.t('Undefine {0} on {1}?', objectText(t), t.uri),
        vscode.l10n.t(
          'libvirt forgets the domain, with its saved state, snapshot metadata and NVRAM (a running domain keeps running until it stops). Keep its disks, or delete the storage volumes of its disks too?',
        ),
        [vscode.l10n.t('Undefine, Keep Disks'), vscode.l10n.t('Undefine and Delete Its Storage')],
      );
      return answer === undefined ? undefined : { removeStorage: answer === 1 };
    }
    case 'snapshot.create': {
      const newName = await input({
        prompt: vscode.l10n.t('Name of the new snapshot of {0}', objectText(t)),
        value: `snapshot-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`,
        validateInput: nameValidation,
      });
      if (newName === undefined) return undefined;
      const description = await input({ prompt: vscode.l10n.t('Description of the snapshot (optional)') });
      return description === undefined ? undefined : { newName, description };
    }
    case 'volume.create': {
      const newName = await input({
        prompt: vscode.l10n.t('Name of the new volume in {0}', objectText(t)),
        validateInput: nameValidation,
      });
      if (newName === undefined) return undefined;
      const capacity = await input({
        prompt: vscode.l10n.t('Size of the volume (such as 10G, 512M)'),
        value: '10G',
        validateInput: (v) => (sizeValid(v) ? undefined : vscode.l10n.t('A size such as 10G, 512M or 1073741824.')),
      });
      if (capacity === undefined) return undefined;
      // The formats this daemon offers for this kind of pool.
      const xml = await runVirsh(t.uri, ['pool-dumpxml', '--pool', t.name], { timeoutMs: NORMAL_TIMEOUT_MS });
      const poolType = /<pool type='([^']+)'/.exec(xml.stdout)?.[1] ?? 'dir';
      const caps = await runVirsh(t.uri, ['pool-capabilities'], { timeoutMs: NORMAL_TIMEOUT_MS });
      const formats = parseVolumeFormats(caps.stdout, poolType);
      if (formats.length === 0) return { newName, capacity: capacity.trim() };
      const format = await pick(formats, vscode.l10n.t('Format of the volume'));
      return format === undefined ? undefined : { newName, capacity: capacity.trim(), format };
    }
    default:
      return {};
  }
}

function failureText(title: string, t: LibvirtTarget, r: VirshRunResult, program: string): string {
  const what = objectText(t);
  switch (r.failure) {
    case 'virsh-missing':
      return program === 'virt-clone'
        ? vscode.l10n.t(
            '"{0}" cannot run: virt-clone was not found (Debian, Ubuntu: install the virtinst package).',
            title,
          )
        : vscode.l10n.t('"{0}" cannot run: virsh was not found (Debian, Ubuntu: install libvirt-clients).', title);
    case 'unreachable':
      return vscode.l10n.t('"{0}" cannot run on {1}: the connection is unreachable. {2}', title, t.uri, r.message);
    case 'denied':
      return vscode.l10n.t('"{0}" cannot run on {1}: not allowed to connect. {2}', title, t.uri, r.message);
    case 'ssh-auth':
      return vscode.l10n.t(
        '"{0}" cannot run on {1}: the SSH server refused the login (it does not accept your key). {2}',
        title,
        t.uri,
        r.message,
      );
    case 'ssh-host-key':
      return vscode.l10n.t(
        '"{0}" cannot run on {1}: ssh does not trust the host key (unknown or changed). {2}',
        title,
        t.uri,
        r.message,
      );
    case 'timeout':
      return vscode.l10n.t('"{0}" on {1} did not finish in time and was stopped.', title, what);
    default:
      return vscode.l10n.t('"{0}" failed for {1} on {2}: {3}', title, what, t.uri, r.message);
  }
}

/** The actions and reads running now (the test seam cancels them as the Cancel button does). */
const running = new Set<AbortController>();
/** After this long a quick action (a host that does not answer) also gets a notification with Cancel. */
const LONG_MS = 3000;

/**
 * Runs with a progress indicator: a cancellable notification for slow actions; the view's own
 * progress bar for quick ones, plus a cancellable notification if they take longer than LONG_MS.
 */
async function withProgress<T>(title: string, slow: boolean, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  running.add(controller);
  const notification = (task: (token: vscode.CancellationToken) => Promise<T>) =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_p, token) => {
        token.onCancellationRequested(() => controller.abort());
        return task(token);
      },
    );
  try {
    if (slow) return await notification(() => work(controller.signal));
    const done = work(controller.signal);
    void vscode.window
      .withProgress({ location: { viewId: 'virtkit.machines' }, title }, () => done)
      .then(undefined, () => undefined);
    const timer = setTimeout(() => void notification(() => done).then(undefined, () => undefined), LONG_MS);
    try {
      return await done;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    running.delete(controller);
  }
}

/**
 * `t` as virsh must be given it: a domain name virsh would read as an ID or a UUID (a domain
 * named "1" beside the running domain with ID 1) becomes that domain's UUID, so an action never
 * lands on another domain. The original `t` stays for what the person reads.
 */
async function forVirsh(
  title: string,
  t: LibvirtTarget,
  signal?: AbortSignal,
): Promise<{ target: LibvirtTarget } | { outcome: ActionOutcome }> {
  const name = t.kind === 'domain' ? t.name : t.kind === 'snapshot' ? t.domain : undefined;
  if (name === undefined) return { target: t };
  const r = await domainArg(t.uri, name, { timeoutMs: NORMAL_TIMEOUT_MS, signal });
  if (r.failed) {
    const message = failureText(title, t, r.failed, 'virsh');
    void vscode.window.showErrorMessage(message);
    return {
      outcome: { ok: false, message: r.failed.message, ...(r.failed.failure ? { failure: r.failed.failure } : {}) },
    };
  }
  if (r.arg === undefined) {
    const message = vscode.l10n.t('There is no domain named “{0}” on {1}.', name, t.uri);
    void vscode.window.showErrorMessage(message);
    return { outcome: { ok: false, message } };
  }
  return { target: t.kind === 'domain' ? { ...t, name: r.arg } : { ...t, domain: r.arg } };
}

function badTarget(error: string): ActionOutcome {
  const message = vscode.l10n.t('This command needs a libvirt object (uri, kind, name): {0}', error);
  void vscode.window.showErrorMessage(message);
  return { ok: false, message };
}

async function runAction(id: ActionId, arg: unknown, tree: MachinesTreeProvider): Promise<ActionOutcome> {
  const parsed = toTarget(arg);
  if ('error' in parsed) return badTarget(parsed.error);
  const t = parsed.target;
  const spec: { kind: string; destructive: boolean; slow?: boolean } = ACTIONS[id];
  if (t.kind !== spec.kind) return badTarget(`kind: expected ${spec.kind}`);
  const title = actionTitle(id);
  const resolved = await forVirsh(title, t);
  if ('outcome' in resolved) return resolved.outcome;
  // virt-clone looks its original up by name only; virsh gets the UUID where a name is ambiguous.
  const v = id === 'domain.clone' ? t : resolved.target;
  // `virsh start` is the restore, but on a domain without a saved state it would boot it from
  // scratch under the name "Restore": say so instead.
  if (id === 'domain.restore' && (await hasManagedSave(t.uri, v.name, { timeoutMs: NORMAL_TIMEOUT_MS })) === false) {
    const message = vscode.l10n.t(
      '{0} on {1} has no saved state to restore ("Save State and Stop" makes one).',
      objectText(t),
      t.uri,
    );
    void vscode.window.showInformationMessage(message);
    return { ok: false, message };
  }
  const extra = await gatherInput(id, t);
  if (!extra) return { ok: false, cancelled: true };
  const question = confirmation(id, t);
  if (question && !(await confirm(...question))) return { ok: false, cancelled: true };
  const { program, args } = actionCommand(id, v, extra);
  const result = await withProgress(`${title}: ${objectText(t)}`, spec.slow === true, (signal) =>
    runTool(program, args, { timeoutMs: spec.slow ? SLOW_TIMEOUT_MS : NORMAL_TIMEOUT_MS, signal }),
  );
  tree.refreshConnection(t.uri);
  if (result.failure === 'cancelled') return { ok: false, cancelled: true, message: result.message };
  if (!result.ok) {
    const message = failureText(title, t, result, program);
    void vscode.window.showErrorMessage(message);
    return { ok: false, message: result.message, ...(result.failure ? { failure: result.failure } : {}) };
  }
  vscode.window.setStatusBarMessage(`$(check) ${title}: ${objectText(t)}`, 4000);
  return { ok: true };
}

// ---- commands that show something -----------------------------------------------------------

const LOG_SCHEME = 'virtkit-qemu-log';
const LOG_TAIL_BYTES = 2 * 1024 * 1024;

/**
 * QEMU logs as read-only documents that follow the file: `virtkit-qemu-log:/var/log/…/NAME.log`.
 * The file is watched (stat every second) while a document shows it.
 */
class QemuLogProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly watched = new Map<string, vscode.Uri>();
  private readonly closing: vscode.Disposable;

  constructor() {
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme !== LOG_SCHEME) return;
      unwatchFile(d.uri.path);
      this.watched.delete(d.uri.path);
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const path = uri.path;
    if (!this.watched.has(path)) {
      this.watched.set(path, uri);
      watchFile(path, { interval: 1000, persistent: false }, () => this.changed.fire(uri));
    }
    try {
      // Only the tail is read (a log of a long-running guest grows without bound), off the
      // extension host's thread.
      const file = await open(path, 'r');
      try {
        const { size } = await file.stat();
        const start = Math.max(0, size - LOG_TAIL_BYTES);
        const { bytesRead, buffer } = await file.read(Buffer.alloc(size - start), 0, size - start, start);
        const text = buffer.subarray(0, bytesRead).toString('utf8');
        // A tail starts inside a line (perhaps inside a character): from the next line on.
        return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
      } finally {
        await file.close();
      }
    } catch (e) {
      return vscode.l10n.t('Cannot read {0}: {1}', path, e instanceof Error ? e.message : String(e));
    }
  }

  dispose(): void {
    for (const path of this.watched.keys()) unwatchFile(path);
    this.watched.clear();
    this.closing.dispose();
    this.changed.dispose();
  }
}

async function showText(content: string, language: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(doc, { preview: false });
}

async function runViewCommand(id: ViewCommandId, arg: unknown): Promise<ActionOutcome> {
  const parsed = toTarget(arg);
  if ('error' in parsed) return badTarget(parsed.error);
  const t = parsed.target;
  if (t.kind !== VIEW_COMMANDS[id].kind) return badTarget(`kind: expected ${VIEW_COMMANDS[id].kind}`);
  const title = actionTitle(id);
  const resolved = await forVirsh(title, t);
  if ('outcome' in resolved) return resolved.outcome;
  /** The domain as virsh's --domain takes it (see forVirsh). */
  const domain = resolved.target.name;
  const read = async (args: string[]): Promise<VirshRunResult | ActionOutcome> => {
    const r = await withProgress(`${title}: ${objectText(t)}`, false, (signal) =>
      runVirsh(t.uri, args, { timeoutMs: NORMAL_TIMEOUT_MS, signal }),
    );
    if (r.ok) return r;
    const message = failureText(title, t, r, 'virsh');
    void vscode.window.showErrorMessage(message);
    return { ok: false, message: r.message, ...(r.failure ? { failure: r.failure } : {}) };
  };
  switch (id) {
    case 'domain.console': {
      // A stopped domain has no console: virsh would print its error into a terminal that
      // closes at once. Say so here instead.
      const st = await read(['domstate', '--domain', domain]);
      if (!('stdout' in st)) return st;
      if (!/^(running|paused|idle|blocked|in shutdown)$/.test(st.stdout.trim())) {
        const message = vscode.l10n.t(
          '{0} is not running ({1}): start it to open its console.',
          objectText(t),
          st.stdout.trim(),
        );
        void vscode.window.showInformationMessage(message);
        return { ok: false, message };
      }
      // virsh itself in the terminal, with an argument list: no shell parses the name.
      const terminal = vscode.window.createTerminal({
        name: vscode.l10n.t('Console: {0}', t.name),
        shellPath: 'virsh',
        shellArgs: ['-c', t.uri, 'console', '--domain', domain],
      });
      terminal.show();
      return { ok: true, text: terminal.name };
    }
    case 'domain.display': {
      const r = await read(['domdisplay', '--domain', domain]);
      if (!('stdout' in r)) return r;
      const address = r.stdout.trim();
      if (!address) {
        const message = vscode.l10n.t(
          '{0} has no graphics address (is it running, with VNC or SPICE?).',
          objectText(t),
        );
        void vscode.window.showInformationMessage(message);
        return { ok: false, message };
      }
      await vscode.env.clipboard.writeText(address);
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Graphics address of {0}, copied: {1}', objectText(t), address),
      );
      return { ok: true, text: address };
    }
    case 'domain.log': {
      const path = localQemuLog(t.uri, t.name);
      if (!path) {
        const message = vscode.l10n.t(
          'The QEMU log can be opened for local connections only (qemu:///system, qemu:///session); {0} is not one.',
          t.uri,
        );
        void vscode.window.showInformationMessage(message);
        return { ok: false, message };
      }
      if (!existsSync(path)) {
        const message = vscode.l10n.t('{0} has no QEMU log yet ({1}).', objectText(t), path);
        void vscode.window.showInformationMessage(message);
        return { ok: false, message };
      }
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: LOG_SCHEME, path }));
      await vscode.window.showTextDocument(doc, { preview: false });
      return { ok: true, text: path };
    }
    case 'domain.qemuArgv': {
      const r = await read(['domxml-to-native', '--format', 'qemu-argv', '--domain', domain]);
      if (!('stdout' in r)) return r;
      await showText(r.stdout, 'shellscript');
      return { ok: true, text: r.stdout };
    }
    case 'network.dhcpLeases': {
      const r = await read(['net-dhcp-leases', '--network', t.name]);
      if (!('stdout' in r)) return r;
      await showText(r.stdout, 'plaintext');
      return { ok: true, text: r.stdout };
    }
  }
}

// ---- live events ----------------------------------------------------------------------------

/**
 * The event processes of each configured connection that can have them (one per stream of
 * EVENT_STREAMS: domains, networks, pools); each event refreshes that connection.
 */
class EventWatchers implements vscode.Disposable {
  private readonly watchers = new Map<string, LibvirtEventWatcher[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** `uri\0stream index` of the streams that are down. */
  private readonly down = new Set<string>();

  constructor(private readonly tree: MachinesTreeProvider) {}

  private refreshSoon(uri: string): void {
    // Several events come together (a start is Resumed + Started): one read for them.
    if (this.timers.has(uri)) return;
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.tree.refreshConnection(uri);
      }, 250),
    );
  }

  /** Starts watchers for the configured connections, stops those no longer configured. */
  sync(): void {
    // The same connections as the view: user or machine settings only (restricted in untrusted folders).
    const wanted = new Set(connections().filter(watchable));
    for (const [uri, ws] of this.watchers)
      if (!wanted.has(uri)) {
        for (const w of ws) w.dispose();
        this.watchers.delete(uri);
        for (const key of this.down) if (key.startsWith(`${uri}\0`)) this.down.delete(key);
      }
    for (const uri of wanted) {
      if (this.watchers.has(uri)) continue;
      this.watchers.set(
        uri,
        EVENT_STREAMS.map((stream, k) => {
          const key = `${uri}\0${k}`;
          return new LibvirtEventWatcher(
            uri,
            {
              onEvent: () => this.refreshSoon(uri),
              onDown: () => {
                // The read that follows fails too and shows why (virsh's words) in the view.
                this.down.add(key);
                this.refreshSoon(uri);
              },
              onUp: () => {
                if (this.down.delete(key)) this.refreshSoon(uri);
              },
              onRestart: () => this.refreshSoon(uri),
            },
            { stream },
          );
        }),
      );
    }
  }

  /** pid of the domain event process, per URI (tests). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.watchers].map(([uri, ws]) => [uri, ws[0]?.pid]));
  }

  /** Every event process per URI: its virsh arguments and pid (tests). */
  streams(): Record<string, { args: readonly string[]; pid: number | undefined }[]> {
    return Object.fromEntries(
      [...this.watchers].map(([uri, ws]) => [uri, ws.map((w, k) => ({ args: EVENT_STREAMS[k].args, pid: w.pid }))]),
    );
  }

  dispose(): void {
    for (const ws of this.watchers.values()) for (const w of ws) w.dispose();
    this.watchers.clear();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

export const machinesDesktop: MachinesDesktop = {
  reader: {
    snapshots: async (uri, domain) => (await listSnapshots(uri, domain, { timeoutMs: readTimeoutMs() })).names,
    volumes: (uri, pool, names) => volumeDetails(uri, pool, names, { timeoutMs: readTimeoutMs() }),
  },
  activate(context, tree) {
    registerPromptTestSeam(context);
    const events = new EventWatchers(tree);
    const logs = new QemuLogProvider();
    context.subscriptions.push(
      events,
      logs,
      vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, logs),
      ...(Object.keys(ACTIONS) as ActionId[]).map((id) =>
        vscode.commands.registerCommand(`virtkit.machines.${id}`, (arg: unknown) => runAction(id, arg, tree)),
      ),
      ...(Object.keys(VIEW_COMMANDS) as ViewCommandId[]).map((id) =>
        vscode.commands.registerCommand(`virtkit.machines.${id}`, (arg: unknown) => runViewCommand(id, arg)),
      ),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('virtkit.libvirt.connections')) events.sync();
      }),
    );
    if (context.extensionMode === vscode.ExtensionMode.Test)
      context.subscriptions.push(
        vscode.commands.registerCommand('virtkit.machines.test.eventPids', () => events.pids()),
        vscode.commands.registerCommand('virtkit.machines.test.eventStreams', () => events.streams()),
        // What the Cancel button of a running action's notification does.
        vscode.commands.registerCommand('virtkit.machines.test.cancelActions', () => {
          for (const c of running) c.abort();
          return running.size;
        }),
      );
    return (_inspections: LibvirtInspection[]) => events.sync();
  },
};
