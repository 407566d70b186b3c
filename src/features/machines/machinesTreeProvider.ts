import * as vscode from 'vscode';
import type { VolumeDetails } from '../../core/libvirt/actions';
import type { LibvirtDomain, LibvirtInspection, LibvirtPool } from '../../core/libvirt/types';

/** A row of the Virtual Machines view. */
export type MachineNode =
  | { kind: 'connection'; uri: string }
  | { kind: 'problem'; uri: string; inspection: LibvirtInspection }
  | { kind: 'group'; uri: string; group: 'domains' | 'networks' | 'pools' }
  | { kind: 'domain'; uri: string; domain: LibvirtDomain }
  | { kind: 'network'; uri: string; name: string; active: boolean; autostart: boolean }
  | { kind: 'pool'; uri: string; pool: LibvirtPool }
  | { kind: 'volume'; uri: string; pool: string; name: string; details?: VolumeDetails }
  | { kind: 'snapshot'; uri: string; domain: string; name: string };

/** What the view reads beyond inspectLibvirt, per node when it is expanded. */
export interface MachinesReader {
  inspect(uri: string): Promise<LibvirtInspection>;
  /** A domain's snapshot names. */
  snapshots(uri: string, domain: string): Promise<string[]>;
  /** Capacity and allocation of a pool's volumes. */
  volumes(uri: string, pool: string, names: readonly string[]): Promise<Map<string, VolumeDetails>>;
}

/** Why the view is empty, for its welcome content (context key `virtkit.machines.welcome`). */
export type WelcomeReason =
  | 'none'
  | 'ok'
  | 'virsh-missing'
  | 'denied'
  | 'ssh-refused'
  | 'unreachable-local'
  | 'unreachable-remote'
  | 'timeout'
  | 'no-host-access'
  | 'error';

/** The welcome reason when none of `inspections` is connected (the first failure decides). */
export function welcomeReason(inspections: readonly LibvirtInspection[]): WelcomeReason {
  if (inspections.length === 0) return 'none';
  if (inspections.some((i) => i.state === 'connected')) return 'ok';
  const i = inspections[0];
  switch (i.reason) {
    case 'virsh-missing':
    case 'denied':
    case 'timeout':
    case 'no-host-access':
      return i.reason;
    case 'ssh-auth':
    case 'ssh-host-key':
      return 'ssh-refused';
    case 'unreachable':
      return /^[a-z0-9+]+:\/\/\//i.test(i.uri) ? 'unreachable-local' : 'unreachable-remote';
    default:
      return i.state === 'denied' ? 'denied' : 'error';
  }
}

/** What a test (or a future caller) sees of an item: its text, and its children when expanded. */
export interface MachineItemSnapshot {
  readonly label: string;
  readonly description?: string;
  readonly contextValue?: string;
  readonly children?: MachineItemSnapshot[];
}

function memory(kib: number): string {
  if (kib >= 1024 * 1024) return `${+(kib / 1024 / 1024).toFixed(1)} GiB`;
  if (kib >= 1024) return `${+(kib / 1024).toFixed(1)} MiB`;
  return `${kib} KiB`;
}

function stateText(state: LibvirtDomain['state']): string {
  switch (state) {
    case 'running':
      return vscode.l10n.t('running');
    case 'paused':
      return vscode.l10n.t('paused');
    case 'shutoff':
      return vscode.l10n.t('shut off');
    case 'shutdown':
      return vscode.l10n.t('shutting down');
    case 'crashed':
      return vscode.l10n.t('crashed');
    case 'pmsuspended':
      return vscode.l10n.t('suspended');
    case 'blocked':
      return vscode.l10n.t('blocked');
    default:
      return vscode.l10n.t('no state');
  }
}

function domainIcon(state: LibvirtDomain['state']): vscode.ThemeIcon {
  if (state === 'running') return new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed'));
  if (state === 'paused' || state === 'pmsuspended') return new vscode.ThemeIcon('debug-pause');
  if (state === 'crashed') return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  return new vscode.ThemeIcon('vm-outline');
}

/** Why a connection gave nothing, in the display language; the tool's words go beside it. */
function problemText(i: LibvirtInspection): string {
  switch (i.reason) {
    case 'virsh-missing':
      return vscode.l10n.t('virsh was not found: install the libvirt client tools (Debian, Ubuntu: libvirt-clients)');
    case 'denied':
      return vscode.l10n.t(
        'Not allowed to connect: join the libvirt group (sudo usermod -aG libvirt $USER), then log in again',
      );
    case 'ssh-auth':
      return vscode.l10n.t(
        'The SSH server refused the login: it does not accept your key (VirtKit never waits for an SSH password)',
      );
    case 'ssh-host-key':
      return vscode.l10n.t(
        'ssh does not trust this host key (unknown or changed): check it with ssh in a terminal first',
      );
    case 'timeout':
      return vscode.l10n.t('libvirt did not answer in time');
    case 'unreachable':
      return vscode.l10n.t('Cannot reach libvirt: is the daemon (libvirtd or virtqemud) running?');
    case 'no-host-access':
      return vscode.l10n.t('Needs VS Code Desktop or a remote window (SSH, WSL, containers)');
    default:
      return vscode.l10n.t('libvirt reported an error');
  }
}

/**
 * Maps libvirt connections onto the Virtual Machines view: connections → Domains / Networks /
 * Storage pools → objects (pools → volumes). A connection is read when it is first expanded and
 * again after refresh(); nothing is read for a collapsed connection.
 */
export class MachinesTreeProvider implements vscode.TreeDataProvider<MachineNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly cache = new Map<string, Promise<LibvirtInspection>>();
  /** Snapshot lists and volume details, keyed by `uri\0object`; dropped with the connection. */
  private readonly extra = new Map<string, Promise<unknown>>();

  constructor(
    private readonly connections: () => readonly string[],
    private readonly reader: MachinesReader,
    /** Told after each connection read (events, welcome content). */
    private readonly onInspected: (inspections: LibvirtInspection[]) => void = () => undefined,
  ) {}

  refresh(): void {
    this.cache.clear();
    this.extra.clear();
    this.changed.fire();
  }

  /** Reads one connection again (after an event or an action); the others keep their data. */
  refreshConnection(uri: string): void {
    this.cache.delete(uri);
    for (const key of this.extra.keys()) if (key.startsWith(`${uri}\0`)) this.extra.delete(key);
    this.changed.fire();
  }

  /** The last read of `uri`, when there is one. */
  cached(uri: string): Promise<LibvirtInspection> | undefined {
    return this.cache.get(uri);
  }

  private memo<T>(key: string, read: () => Promise<T>): Promise<T> {
    let p = this.extra.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read();
      this.extra.set(key, p);
    }
    return p;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private inspection(uri: string): Promise<LibvirtInspection> {
    let p = this.cache.get(uri);
    if (!p) {
      p = this.reader.inspect(uri);
      this.cache.set(uri, p);
    }
    return p;
  }

  async getChildren(element?: MachineNode): Promise<MachineNode[]> {
    if (!element) {
      const uris = [...new Set(this.connections())];
      // Every connection is read here so that, when none works, the view is empty and its
      // welcome content says why (a view with items shows no welcome). The connections are
      // listed as soon as ONE answers: a host that hangs until the timeout holds up only its
      // own node, not the whole view.
      const reads = uris.map((uri) => this.inspection(uri));
      const done: LibvirtInspection[] = [];
      const connected = await new Promise<boolean>((resolve) => {
        if (reads.length === 0) resolve(false);
        for (const read of reads)
          void read.then((i) => {
            done.push(i);
            if (i.state === 'connected') resolve(true);
            else if (done.length === reads.length) resolve(false);
          });
      });
      this.onInspected([...done]);
      // The rest, when they have answered too (unless a refresh has started other reads since).
      if (done.length < reads.length)
        void Promise.all(reads).then((all) => {
          if (uris.every((uri, k) => this.cache.get(uri) === reads[k])) this.onInspected(all);
        });
      if (!connected) return [];
      return uris.map((uri) => ({ kind: 'connection', uri }));
    }
    const { uri } = element;
    switch (element.kind) {
      case 'connection': {
        const i = await this.inspection(uri);
        if (i.state !== 'connected') return [{ kind: 'problem', uri, inspection: i }];
        return (['domains', 'networks', 'pools'] as const).map((group) => ({ kind: 'group', uri, group }));
      }
      case 'group': {
        const i = await this.inspection(uri);
        if (element.group === 'domains') return i.domains.map((domain) => ({ kind: 'domain', uri, domain }));
        if (element.group === 'networks') return i.networks.map((n) => ({ kind: 'network', uri, ...n }));
        return i.pools.map((pool) => ({ kind: 'pool', uri, pool }));
      }
      case 'pool': {
        const p = element.pool;
        const details = await this.memo(`${uri}\0pool\0${p.name}`, () => this.reader.volumes(uri, p.name, p.volumes));
        return p.volumes.map((name) => ({ kind: 'volume', uri, pool: p.name, name, details: details.get(name) }));
      }
      case 'domain': {
        const d = element.domain.name;
        const names = await this.memo(`${uri}\0domain\0${d}`, () => this.reader.snapshots(uri, d));
        return names.map((name) => ({ kind: 'snapshot', uri, domain: d, name }));
      }
      default:
        return [];
    }
  }

  getTreeItem(element: MachineNode): vscode.TreeItem {
    const { Collapsed, None } = vscode.TreeItemCollapsibleState;
    switch (element.kind) {
      case 'connection': {
        const item = new vscode.TreeItem(element.uri, Collapsed);
        item.id = `connection:${element.uri}`;
        item.iconPath = new vscode.ThemeIcon('plug');
        item.contextValue = 'connection';
        return item;
      }
      case 'problem': {
        const i = element.inspection;
        const item = new vscode.TreeItem(problemText(i), None);
        item.description = i.message;
        item.tooltip = i.message ? `${problemText(i)}\n\n${i.message}` : problemText(i);
        item.iconPath = new vscode.ThemeIcon(i.state === 'denied' ? 'lock' : 'warning');
        item.contextValue = `problem-${i.state}`;
        return item;
      }
      case 'group': {
        const label = {
          domains: vscode.l10n.t('Domains'),
          networks: vscode.l10n.t('Networks'),
          pools: vscode.l10n.t('Storage pools'),
        }[element.group];
        const item = new vscode.TreeItem(label, Collapsed);
        item.id = `group:${element.uri}:${element.group}`;
        item.iconPath = new vscode.ThemeIcon({ domains: 'vm', networks: 'globe', pools: 'database' }[element.group]);
        item.contextValue = `group-${element.group}`;
        return item;
      }
      case 'domain': {
        const d = element.domain;
        // Collapsed: its snapshots are read when it is expanded.
        const item = new vscode.TreeItem(d.name, Collapsed);
        item.id = `domain:${element.uri}:${d.uuid || d.name}`;
        const parts = [
          stateText(d.state),
          vscode.l10n.t('{0} vCPUs', d.vcpus),
          memory(d.memoryKiB),
          ...(d.autostart ? [vscode.l10n.t('autostart')] : []),
          ...(d.persistent ? [] : [vscode.l10n.t('transient')]),
        ];
        item.description = parts.join(' · ');
        item.tooltip = new vscode.MarkdownString()
          .appendText(d.name)
          .appendMarkdown('\n\n')
          .appendText(`UUID ${d.uuid}\n${parts.join(' · ')}`);
        item.iconPath = domainIcon(d.state);
        item.contextValue = `domain-${d.state}`;
        return item;
      }
      case 'network': {
        const item = new vscode.TreeItem(element.name, None);
        item.id = `network:${element.uri}:${element.name}`;
        item.description = [
          element.active ? vscode.l10n.t('active') : vscode.l10n.t('inactive'),
          ...(element.autostart ? [vscode.l10n.t('autostart')] : []),
        ].join(' · ');
        item.iconPath = new vscode.ThemeIcon(element.active ? 'globe' : 'circle-slash');
        item.contextValue = element.active ? 'network-active' : 'network-inactive';
        return item;
      }
      case 'pool': {
        const p = element.pool;
        const item = new vscode.TreeItem(p.name, p.volumes.length > 0 ? Collapsed : None);
        item.id = `pool:${element.uri}:${p.name}`;
        item.description = [
          p.active ? vscode.l10n.t('active') : vscode.l10n.t('inactive'),
          vscode.l10n.t('{0} volumes', p.volumes.length),
          ...(p.autostart ? [vscode.l10n.t('autostart')] : []),
        ].join(' · ');
        item.iconPath = new vscode.ThemeIcon('database');
        item.contextValue = p.active ? 'pool-active' : 'pool-inactive';
        return item;
      }
      case 'volume': {
        const item = new vscode.TreeItem(element.name, None);
        item.id = `volume:${element.uri}:${element.pool}:${element.name}`;
        item.iconPath = new vscode.ThemeIcon('file-binary');
        const v = element.details;
        if (v?.capacity) item.description = vscode.l10n.t('{0} · {1} allocated', v.capacity, v.allocation ?? '?');
        item.tooltip = [
          element.name,
          ...(v?.type ? [v.type] : []),
          ...(item.description ? [item.description] : []),
        ].join('\n');
        item.contextValue = 'volume';
        return item;
      }
      case 'snapshot': {
        const item = new vscode.TreeItem(element.name, None);
        item.id = `snapshot:${element.uri}:${element.domain}:${element.name}`;
        item.iconPath = new vscode.ThemeIcon('history');
        item.tooltip = element.name;
        item.contextValue = 'snapshot';
        return item;
      }
    }
  }

  /** The items as the view shows them, every node expanded to `depth` levels. */
  async snapshot(depth = 4, element?: MachineNode): Promise<MachineItemSnapshot[]> {
    const children = await this.getChildren(element);
    return Promise.all(
      children.map(async (c) => {
        const item = this.getTreeItem(c);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        const description = typeof item.description === 'string' ? item.description : undefined;
        const expandable = item.collapsibleState !== vscode.TreeItemCollapsibleState.None;
        return {
          label,
          ...(description !== undefined ? { description } : {}),
          ...(item.contextValue !== undefined ? { contextValue: item.contextValue } : {}),
          ...(expandable && depth > 1 ? { children: await this.snapshot(depth - 1, c) } : {}),
        };
      }),
    );
  }
}
