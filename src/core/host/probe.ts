// The host check's entry point: probes the machine this code runs on (or a copied Linux tree
// under `root`) and returns a HostReport. Never throws.
import * as os from 'node:os';
import * as path from 'node:path';
import type { Lang } from '../language';
import { createNodeRunner, type CommandRunner } from './commandRunner';
import { probeDarwin } from './darwinProbe';
import { createNodeHostFs, type HostFs } from './hostFs';
import type { ProbeUser } from './linuxDeepProbe';
import { probeLinux } from './linuxProbe';
import { machineStackEnv } from './stackRuntime';
import { limitMachineText } from './machineText';
import { failedProbeReport, refusedRootReport, unexaminedPlatformReport } from './reportBase';
import type { HostReport } from './types';
import { probeWindows } from './windowsProbe';

export interface ProbeOptions {
  /**
   * Probe a copied Linux tree under this absolute path instead of "/" (always the Linux
   * probe). A relative path is refused: the report says so and nothing is probed.
   */
  root?: string;
  lang?: Lang;
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Replaces the file system access (tests). */
  fs?: HostFs;
  /** Replaces running sysctl / PowerShell (tests). */
  run?: CommandRunner;
  /** The probe time (tests). */
  now?: Date;
  /**
   * Whose `kvm` / `libvirt` membership the report checks. Default: this process's user when
   * this machine is probed, nobody (null) for a copied tree or an injected file system.
   */
  user?: ProbeUser | null;
  /**
   * Directories whose programs the probe never runs (Restricted Mode: the workspace folders).
   * Only the probe of this machine runs programs at all.
   */
  untrustedDirs?: readonly string[];
}

/** This process's user name and group ids, or null where Node cannot say (Windows). */
function thisUser(): ProbeUser | null {
  try {
    if (typeof process.getgroups !== 'function' || typeof process.getegid !== 'function') return null;
    const ids = new Set([...process.getgroups(), process.getegid()]);
    return { name: os.userInfo().username || null, groupIds: [...ids] };
  } catch {
    return null;
  }
}

function safeHostname(): string | null {
  try {
    return os.hostname() || null;
  } catch {
    return null;
  }
}

/** What a `root` option asks for: this machine, a copied tree, or nothing (a relative path). */
export type ProbeTarget = { kind: 'machine' } | { kind: 'tree'; root: string } | { kind: 'refused'; root: string };

/**
 * Checks a `root` option. Only an absolute path is honoured: a relative one would resolve
 * against whatever directory the process runs in. "/" itself is this machine.
 */
export function probeTarget(root: string | undefined): ProbeTarget {
  if (root === undefined) return { kind: 'machine' };
  if (!path.isAbsolute(root)) return { kind: 'refused', root };
  const resolved = path.resolve(root);
  return resolved === '/' ? { kind: 'machine' } : { kind: 'tree', root: resolved };
}

export async function probeHost(options: ProbeOptions = {}): Promise<HostReport> {
  const lang: Lang = options.lang === 'zh-cn' ? 'zh-cn' : 'en';
  const now = options.now ?? new Date();
  const target = probeTarget(options.root);
  if (target.kind === 'refused') {
    return limitMachineText(refusedRootReport(options.platform ?? process.platform, target.root, lang, now));
  }
  const root = target.kind === 'tree' ? target.root : undefined;
  const report = await probeSomewhere({ ...options, root }, lang, now);
  // Say plainly what was examined: a copied tree is not this machine.
  report.host.probedRoot = root ?? null;
  return limitMachineText(report);
}

async function probeSomewhere(options: ProbeOptions, lang: Lang, now: Date): Promise<HostReport> {
  const platform = options.root !== undefined ? 'linux' : (options.platform ?? process.platform);
  try {
    if (options.root !== undefined || options.fs !== undefined || platform === 'linux') {
      return await probeLinux({
        fs: options.fs ?? createNodeHostFs(options.root ?? '/'),
        lang,
        now,
        // A copied tree says nothing about this process's machine.
        fallbackArch: options.root === undefined && options.fs === undefined ? process.arch : null,
        user:
          options.user !== undefined
            ? options.user
            : options.root === undefined && options.fs === undefined
              ? thisUser()
              : null,
        // This machine's own tools, from the extension host's PATH; a copied tree or an
        // injected file system gets none of this machine's programs run.
        ...(options.root === undefined && options.fs === undefined
          ? { stack: machineStackEnv(process.env, options.untrustedDirs) }
          : {}),
      });
    }
    const run = options.run ?? createNodeRunner();
    if (platform === 'darwin') {
      return await probeDarwin(run, { lang, now, hostname: safeHostname(), fallbackArch: process.arch });
    }
    if (platform === 'win32') {
      return await probeWindows(run, {
        lang,
        now,
        hostname: safeHostname(),
        kernel: os.release(),
        fallbackArch: process.arch,
      });
    }
    return unexaminedPlatformReport(platform, process.arch, lang, now);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return failedProbeReport(platform, process.arch, { code: 'exception', detail }, lang, now);
  }
}

export type { HostReport } from './types';
export { noHostAccessReport } from './reportBase';
