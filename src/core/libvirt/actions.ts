// Running the Virtual Machines view's actions (specified in actionSpecs.ts) and the reads that
// go with them: one program per action, argument lists only, timeouts and cancellation.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../process/runProcess';
import {
  batchUri,
  classifyFailure,
  DEFAULT_TIMEOUT_MS,
  domainNameIsAmbiguous,
  parseInfo,
  parseUuidNameList,
  quoteVirshArg,
  runVirshBatch,
  type VirshFailure,
  type VirshOptions,
} from './virshClient';

export * from './actionSpecs';

export interface VirshRunResult {
  readonly ok: boolean;
  readonly stdout: string;
  /** virsh's error text (`error: …` lines without the prefix), for the person to read. */
  readonly message: string;
  readonly failure?: VirshFailure;
}

const C_UTF8 = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' };

/** Runs one program (virsh or virt-clone) with an argument list; never rejects. */
export async function runTool(
  program: 'virsh' | 'virt-clone',
  args: readonly string[],
  options: VirshOptions = {},
): Promise<VirshRunResult> {
  const executable = program === 'virsh' ? (options.virshPath ?? 'virsh') : 'virt-clone';
  const outcome = await runProcess(executable, args, {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    env: C_UTF8,
  });
  const classified = classifyFailure(outcome);
  if (classified)
    return { ok: false, stdout: outcome.stdout, message: classified.message, failure: classified.failure };
  const message = outcome.stderr
    .split('\n')
    .map((l) => l.trim().replace(/^error:\s*/, ''))
    .filter((l) => l !== '')
    .join('\n');
  if (outcome.code !== 0)
    return { ok: false, stdout: outcome.stdout, message: message || `exit code ${outcome.code}`, failure: 'other' };
  return { ok: true, stdout: outcome.stdout, message };
}

/** Runs one virsh command on `uri`: `virsh -c URI ...args`. */
export function runVirsh(uri: string, args: readonly string[], options: VirshOptions = {}): Promise<VirshRunResult> {
  return runTool('virsh', ['-c', batchUri(uri), ...args], options);
}

/**
 * What to give virsh as `--domain` for the domain named `name`: the name itself, or its UUID
 * when virsh would read the name as an ID or a UUID first (a domain named "1" beside a running
 * domain with ID 1). `arg` undefined: the list was read and no domain has that name; `failed`:
 * the list could not be read (virsh's own result, to report as any failed run).
 */
export async function domainArg(
  uri: string,
  name: string,
  options: VirshOptions = {},
): Promise<{ arg?: string; failed?: VirshRunResult }> {
  if (!domainNameIsAmbiguous(name)) return { arg: name };
  const r = await runVirsh(uri, ['list', '--all', '--uuid', '--name'], options);
  if (!r.ok) return { failed: r };
  return { arg: parseUuidNameList(r.stdout).find((d) => d.name === name)?.uuid };
}

/** The names of a domain's snapshots (`snapshot-list --name`: one per line, not a table). */
export async function listSnapshots(
  uri: string,
  domain: string,
  options: VirshOptions = {},
): Promise<{ names: string[]; error?: string }> {
  const r = await runVirsh(uri, ['snapshot-list', '--domain', domain, '--name'], options);
  if (!r.ok) return { names: [], error: r.message };
  return { names: r.stdout.split('\n').filter((l) => l.trim() !== '') };
}

/**
 * Whether a domain has a managed save image (`dominfo`'s `Managed save:` line); undefined when
 * virsh does not say (older libvirt, a failed call).
 */
export async function hasManagedSave(
  uri: string,
  domain: string,
  options: VirshOptions = {},
): Promise<boolean | undefined> {
  const r = await runVirsh(uri, ['dominfo', '--domain', domain], options);
  if (!r.ok) return undefined;
  const value = parseInfo(r.stdout).get('Managed save')?.trim();
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}

export interface VolumeDetails {
  readonly type?: string;
  /** As virsh prints them: `64.00 MiB`. */
  readonly capacity?: string;
  readonly allocation?: string;
}

/** `vol-info` of every volume of a pool, in one virsh run. */
export async function volumeDetails(
  uri: string,
  pool: string,
  volumes: readonly string[],
  options: VirshOptions = {},
): Promise<Map<string, VolumeDetails>> {
  const out = new Map<string, VolumeDetails>();
  if (volumes.length === 0) return out;
  const r = await runVirshBatch(
    uri,
    volumes.map((v) => `vol-info --pool ${quoteVirshArg(pool)} ${quoteVirshArg(v)}`),
    options,
  );
  volumes.forEach((v, k) => {
    const info = parseInfo(r.sections[k] ?? '');
    if (!info.has('Capacity')) return;
    out.set(v, { type: info.get('Type'), capacity: info.get('Capacity'), allocation: info.get('Allocation') });
  });
  return out;
}

/**
 * The volume formats libvirt offers for a pool's type, from `pool-capabilities` (the daemon's
 * own list, not VirtKit's), default first. Empty when the daemon does not say.
 */
export function parseVolumeFormats(capabilitiesXml: string, poolType: string): string[] {
  const pool = new RegExp(
    `<pool type='${poolType.replace(/[^a-z0-9-]/gi, '')}' supported='yes'>([\\s\\S]*?)</pool>`,
  ).exec(capabilitiesXml)?.[1];
  const vol = pool && /<volOptions>([\s\S]*?)<\/volOptions>/.exec(pool)?.[1];
  if (!vol) return [];
  const def = /<defaultFormat type='([^']+)'/.exec(vol)?.[1];
  const values = [...vol.matchAll(/<value>([^<]+)<\/value>/g)].map((m) => m[1]).filter((v) => v !== 'none');
  return def && values.includes(def) ? [def, ...values.filter((v) => v !== def)] : values;
}

/** Where libvirt writes a domain's QEMU log on this machine; undefined for remote URIs. */
export function localQemuLog(uri: string, domain: string): string | undefined {
  if (domain.includes('/')) return undefined;
  if (/^qemu:\/\/\/system$/.test(uri)) return `/var/log/libvirt/qemu/${domain}.log`;
  if (/^qemu:\/\/\/session$/.test(uri)) return join(homedir(), '.cache/libvirt/qemu/log', `${domain}.log`);
  return undefined;
}
