// The actions of the Virtual Machines view as data: the argument object every action accepts,
// its validation, and the virsh (or virt-clone) argument list of each action. Each action is ONE
// program run with its arguments as separate argv elements: virsh parses its argv itself, so a
// name with spaces, quotes, `$()`, `;`, CJK or emoji reaches libvirt as it is (only batches go
// through virsh's tokenizer, and those quote with quoteVirshArg). No Node or vscode import: the
// web entry uses the command list too.
import { batchUri } from './batchUri';

export const TARGET_KINDS = ['domain', 'network', 'pool', 'volume', 'snapshot'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** The object an action works on; also the argument object of every action command. */
export interface LibvirtTarget {
  readonly uri: string;
  readonly kind: TargetKind;
  readonly name: string;
  /** The pool of a volume. */
  readonly pool?: string;
  /** The domain of a snapshot. */
  readonly domain?: string;
}

/** Checks an argument object from a caller; returns the target or an (English) reason. */
export function parseTarget(value: unknown): { target: LibvirtTarget } | { error: string } {
  if (typeof value !== 'object' || value === null) return { error: 'expected an object { uri, kind, name }' };
  const v = value as Record<string, unknown>;
  const str = (k: string) => (typeof v[k] === 'string' && v[k] !== '' ? (v[k] as string) : undefined);
  const uri = str('uri');
  const name = str('name');
  const kind = v.kind;
  if (!uri || !/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return { error: 'uri: expected a libvirt URI' };
  if (/[\0\n\r]/.test(uri)) return { error: 'uri: control characters' };
  if (!TARGET_KINDS.includes(kind as TargetKind)) return { error: `kind: expected one of ${TARGET_KINDS.join(', ')}` };
  if (!name) return { error: 'name: expected a non-empty string' };
  if (/\0/.test(name)) return { error: 'name: NUL character' };
  const pool = str('pool');
  const domain = str('domain');
  if (kind === 'volume' && !pool) return { error: 'pool: a volume needs its pool' };
  if (kind === 'snapshot' && !domain) return { error: 'domain: a snapshot needs its domain' };
  return {
    target: {
      uri,
      kind: kind as TargetKind,
      name,
      ...(kind === 'volume' ? { pool } : {}),
      ...(kind === 'snapshot' ? { domain } : {}),
    },
  };
}

/** A name typed by the person for a new object (clone, snapshot, volume); undefined when fine. */
export function nameProblem(name: string): 'empty' | 'slash' | 'control' | undefined {
  if (name.trim() === '') return 'empty';
  if (name.includes('/')) return 'slash';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(name)) return 'control';
  return undefined;
}

/** A size as virsh's scaled integers accept it: `512M`, `10G`, `1GiB`, `1073741824`. */
export function sizeValid(size: string): boolean {
  return /^[1-9]\d*(?:[KMGTPE](?:i?B)?|B)?$/i.test(size.trim());
}

/** The view's commands that are not a single virsh run (they show or open something). */
export const VIEW_COMMANDS = {
  'domain.console': { kind: 'domain' },
  'domain.display': { kind: 'domain' },
  'domain.log': { kind: 'domain' },
  'domain.qemuArgv': { kind: 'domain' },
  'network.dhcpLeases': { kind: 'network' },
} as const satisfies Record<string, { kind: TargetKind }>;

export type ViewCommandId = keyof typeof VIEW_COMMANDS;

/** The actions and what they need. `destructive` ones are confirmed by the view first. */
export const ACTIONS = {
  'domain.start': { kind: 'domain', destructive: false },
  'domain.shutdown': { kind: 'domain', destructive: false },
  'domain.reboot': { kind: 'domain', destructive: false },
  'domain.destroy': { kind: 'domain', destructive: true },
  'domain.suspend': { kind: 'domain', destructive: false },
  'domain.resume': { kind: 'domain', destructive: false },
  'domain.save': { kind: 'domain', destructive: false, slow: true },
  'domain.restore': { kind: 'domain', destructive: false, slow: true },
  'domain.autostartOn': { kind: 'domain', destructive: false },
  'domain.autostartOff': { kind: 'domain', destructive: false },
  'domain.clone': { kind: 'domain', destructive: false, slow: true },
  'domain.undefine': { kind: 'domain', destructive: true },
  'snapshot.create': { kind: 'domain', destructive: false, slow: true },
  'snapshot.revert': { kind: 'snapshot', destructive: true, slow: true },
  'snapshot.delete': { kind: 'snapshot', destructive: true },
  'network.start': { kind: 'network', destructive: false },
  'network.stop': { kind: 'network', destructive: true },
  'network.autostartOn': { kind: 'network', destructive: false },
  'network.autostartOff': { kind: 'network', destructive: false },
  'pool.start': { kind: 'pool', destructive: false },
  'pool.stop': { kind: 'pool', destructive: true },
  'pool.refresh': { kind: 'pool', destructive: false },
  'volume.create': { kind: 'pool', destructive: false, slow: true },
  'volume.delete': { kind: 'volume', destructive: true },
} as const satisfies Record<string, { kind: TargetKind; destructive: boolean; slow?: boolean }>;

export type ActionId = keyof typeof ACTIONS;

/** What some actions ask the person for before they run. */
export interface ActionInput {
  /** domain.clone: the new domain's name; snapshot.create / volume.create: the new name. */
  readonly newName?: string;
  /** snapshot.create */
  readonly description?: string;
  /** domain.undefine: delete the volumes of its disks too. */
  readonly removeStorage?: boolean;
  /** volume.create */
  readonly capacity?: string;
  readonly format?: string;
}

/** The program and argument list of an action (after `-c URI` for virsh). */
export function actionCommand(
  id: ActionId,
  t: LibvirtTarget,
  input: ActionInput = {},
): { program: 'virsh' | 'virt-clone'; args: string[] } {
  const d = ['--domain', t.name];
  const virsh = (...args: string[]) => ({ program: 'virsh' as const, args: ['-c', batchUri(t.uri), ...args] });
  const need = (v: string | undefined, what: string) => {
    if (v === undefined || v === '') throw new Error(`${id}: ${what} is required`);
    return v;
  };
  switch (id) {
    case 'domain.start':
    case 'domain.restore':
      // `start` resumes from a managed save image when there is one: that is the restore.
      return virsh('start', ...d);
    case 'domain.shutdown':
      return virsh('shutdown', ...d);
    case 'domain.reboot':
      return virsh('reboot', ...d);
    case 'domain.destroy':
      return virsh('destroy', ...d);
    case 'domain.suspend':
      return virsh('suspend', ...d);
    case 'domain.resume':
      return virsh('resume', ...d);
    case 'domain.save':
      return virsh('managedsave', ...d);
    case 'domain.autostartOn':
      return virsh('autostart', ...d);
    case 'domain.autostartOff':
      return virsh('autostart', ...d, '--disable');
    case 'domain.clone':
      return {
        program: 'virt-clone',
        args: [
          '--connect',
          batchUri(t.uri),
          '--original',
          t.name,
          '--name',
          need(input.newName, 'newName'),
          '--auto-clone',
        ],
      };
    case 'domain.undefine':
      // Whatever libvirt keeps beside the definition goes with it, or undefine refuses.
      return virsh(
        'undefine',
        ...d,
        '--managed-save',
        '--snapshots-metadata',
        '--checkpoints-metadata',
        '--nvram',
        ...(input.removeStorage ? ['--remove-all-storage'] : []),
      );
    case 'snapshot.create':
      return virsh(
        'snapshot-create-as',
        ...d,
        '--name',
        need(input.newName, 'newName'),
        ...(input.description ? ['--description', input.description] : []),
      );
    case 'snapshot.revert':
      return virsh('snapshot-revert', '--domain', need(t.domain, 'domain'), '--snapshotname', t.name);
    case 'snapshot.delete':
      return virsh('snapshot-delete', '--domain', need(t.domain, 'domain'), '--snapshotname', t.name);
    case 'network.start':
      return virsh('net-start', '--network', t.name);
    case 'network.stop':
      return virsh('net-destroy', '--network', t.name);
    case 'network.autostartOn':
      return virsh('net-autostart', '--network', t.name);
    case 'network.autostartOff':
      return virsh('net-autostart', '--network', t.name, '--disable');
    case 'pool.start':
      return virsh('pool-start', '--pool', t.name);
    case 'pool.stop':
      return virsh('pool-destroy', '--pool', t.name);
    case 'pool.refresh':
      return virsh('pool-refresh', '--pool', t.name);
    case 'volume.create':
      return virsh(
        'vol-create-as',
        '--pool',
        t.name,
        '--name',
        need(input.newName, 'newName'),
        '--capacity',
        need(input.capacity, 'capacity'),
        ...(input.format ? ['--format', input.format] : []),
      );
    case 'volume.delete':
      return virsh('vol-delete', '--pool', need(t.pool, 'pool'), '--vol', t.name);
  }
}
