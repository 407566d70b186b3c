// The virtualization stack of a Linux host: which QEMU emulators, libvirt tools and daemons,
// swtpm and virtiofsd are installed (found by listing the search directories, never by running
// anything), their versions (`--version`, only for what was found, all at once, through an
// injected reader that a copied tree does not get), whether libvirt's sockets answer, and the
// UEFI firmware that the firmware descriptors list. Never throws.
import { constants } from 'node:fs';
import * as path from 'node:path';
import type { HostFs } from './hostFs';
import { isMissing, type FsResult, type Stamp } from './hostFs';

export type { Stamp } from './hostFs';
import { unreadableEntry, type Reason } from './reasons';
import { STACK_PACKAGES, distroFamily, type DistroFamily, type StackToolId } from './stackPackages';
import type {
  FirmwareDescriptor,
  FirmwareFile,
  HostReport,
  LibvirtSocket,
  SocketState,
  StackReport,
  StackTool,
  StackToolKind,
  Tri,
} from './types';

type Unreadable = HostReport['unreadable'];

export const STACK_PATHS = {
  osRelease: ['/etc/os-release', '/usr/lib/os-release'],
  /** libvirt's order: /etc overrides (or, empty, masks) a descriptor of the same name in /usr/share. */
  firmwareDirs: ['/usr/share/qemu/firmware', '/etc/qemu/firmware'],
  /** Where the Rust and the C virtiofsd live, outside PATH. */
  virtiofsd: ['/usr/libexec/virtiofsd', '/usr/lib/qemu/virtiofsd'],
  systemSockets: ['/var/run/libvirt/libvirt-sock', '/var/run/libvirt/virtqemud-sock'],
} as const;

/** Searched after PATH (and alone for a copied tree): daemons live in sbin, off a user's PATH. */
export const DEFAULT_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

const NAMED: readonly StackToolKind[] = ['qemu-img', 'virsh', 'libvirtd', 'virtqemud', 'swtpm', 'virtiofsd'];
const QEMU_SYSTEM = /^qemu-system-([a-z0-9_]{1,30}(?:-[a-z0-9_]{1,30})?)$/;
const MAX_DIRS = 64;
const MAX_DESCRIPTORS = 64;
const DESCRIPTOR_MAX = 64 * 1024;

/** Answers drawn from files, by kind and path, with the stamp each was read under. */
export type StackCache = Map<string, { id: string; value: unknown }>;

export interface StackEnv {
  /** Absolute directories to look in, in order (a relative one is ignored). */
  searchDirs: readonly string[];
  /**
   * `<path> --version`, parsed; null when the version could not be read. Absent: never run.
   * `stamp` is the file's identity when it is settled, for remembering the answer.
   */
  version?: (file: string, stamp?: string) => Promise<string | null>;
  /** Tries a Unix socket. Absent: not tried (a copied tree). */
  connect?: (file: string) => Promise<SocketState>;
  /** $XDG_RUNTIME_DIR of this user, for the session sockets; null for a copied tree. */
  runtimeDir: string | null;
  /** Stamps a file of this machine. With `cache`, lets a probe reuse what an unchanged file said. */
  stamp?: (file: string) => Promise<Stamp>;
  /** Where those answers are kept between probes (this machine only). */
  cache?: StackCache;
  /**
   * Whether a found program may be run for its version. Absent: every one found in an
   * absolute search directory may. Restricted Mode gives one that refuses programs inside the
   * workspace folders (links followed), so an untrusted folder never decides what runs.
   */
  mayRun?: (file: string) => Promise<boolean>;
}

/**
 * The search directories of a machine: the absolute entries of PATH (a relative entry would
 * resolve against whatever directory the extension host runs in, so it is skipped), then the
 * usual ones. From the process environment, never from workspace settings.
 */
export function searchDirsFromPath(pathVar: string | undefined): string[] {
  const dirs: string[] = [];
  for (const d of [...(pathVar ?? '').split(':'), ...DEFAULT_DIRS]) {
    if (!d.startsWith('/') || d.length > 4096) continue;
    const norm = path.posix.normalize(d).replace(/(.)\/+$/, '$1');
    if (!dirs.includes(norm)) dirs.push(norm);
  }
  return dirs.slice(0, MAX_DIRS);
}

/** The version number in what `--version` printed: `QEMU emulator version 7.2.22 (…)` → `7.2.22`. */
export function parseToolVersion(text: string): string | null {
  const t = text.slice(0, 8192);
  const m =
    /\bversion:?\s+v?(\d+(?:\.\d+){1,3})/i.exec(t) ??
    /^\s*v?(\d+(?:\.\d+){1,3})\b/m.exec(t) ??
    /(?:^|[\s(])v?(\d+\.\d+(?:\.\d+){0,2})\b/.exec(t);
  return m?.[1] ?? null;
}

/** os-release: KEY=value lines, values optionally quoted. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/).slice(0, 200)) {
    const m = /^([A-Z][A-Z0-9_]{0,63})=(.*)$/.exec(raw.trim());
    if (!m) continue;
    let v = m[2] ?? '';
    const q = /^(["'])(.*)\1$/.exec(v);
    if (q) v = (q[2] ?? '').replace(/\\(["'$`\\])/g, '$1');
    // eslint-disable-next-line no-control-regex -- os-release values are printable text
    if (!/[\u0000-\u001f\u007f\ufffd]/.test(v)) out[m[1] as string] = v.slice(0, 200);
  }
  return out;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const obj = (v: Json | undefined): Record<string, Json> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
const strs = (v: Json | undefined): string[] =>
  Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string' && x.length <= 200 && x.trim() !== '').slice(0, 64)
    : [];
const str = (v: Json | undefined): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.slice(0, 1000) : null;

/** A firmware descriptor (QEMU's docs/interop/firmware.json), its file existence not yet known. */
export function parseFirmwareDescriptor(
  file: string,
  text: string,
): Omit<FirmwareDescriptor, 'executable' | 'nvramTemplate'> & { executable: string | null; nvram: string | null } {
  const root = obj(JSON.parse(text) as Json);
  if (!root) throw new Error('not an object');
  const mapping = obj(root.mapping);
  const device = str(mapping?.device);
  const flash = device === 'flash';
  const executable = flash ? str(obj(mapping?.executable)?.filename) : str(mapping?.filename);
  const nvram = flash ? str(obj(mapping?.['nvram-template'])?.filename) : null;
  const targets = Array.isArray(root.targets) ? root.targets : [];
  const architectures = targets.map((t) => str(obj(t)?.architecture)).filter((a): a is string => a !== null);
  return {
    file,
    description: str(root.description),
    interfaceTypes: strs(root['interface-types']),
    architectures: [...new Set(architectures)].slice(0, 16),
    device,
    executable,
    nvram,
    features: strs(root.features),
  };
}

/** QEMU's name for a Node architecture (qemu-system-<this>), or null. */
function qemuArch(arch: string | null): string | null {
  return arch === 'x64' ? 'x86_64' : arch === 'arm64' ? 'aarch64' : arch === 'ia32' ? 'i386' : null;
}

function packageFor(family: DistroFamily | null, id: StackToolId | null): string[] | null {
  if (!family || !id) return null;
  return [...STACK_PACKAGES[family][id].names];
}

function note(unreadable: Unreadable, source: string, reason: Reason): void {
  const entry = unreadableEntry(source, reason);
  if (!unreadable.some((u) => u.source === source && u.reason === entry.reason)) unreadable.push(entry);
}

/**
 * True when access(2) allows executing the path. A directory passes too; one named like a
 * tool in a PATH directory is not worth a second call per tool on every probe (its
 * `--version` would fail and the version read "unknown").
 */
async function isExecutable(fs: HostFs, file: string): Promise<boolean> {
  const x = await fs.access(file, constants.X_OK);
  return x.ok && x.value;
}

/** What the stack section knows from files alone. */
interface Discovery {
  /** Tool name → absolute path, and that file's stamp when it is settled (for its version). */
  found: Map<string, { file: string; stamp?: string }>;
  osRelease: string | null;
  firmware: FirmwareDescriptor[];
  /** Some firmware directory could be listed or is plainly absent. */
  dirsReadable: boolean;
  /** What could not be read, in the order it is reported. */
  notes: Unreadable;
}

const MAX_CACHED = 4096;

/**
 * Looks at the files. With `env.stamp` and `env.cache` (this machine), each answer drawn from a
 * file (a search directory's relevant names, whether a tool is executable, a descriptor's
 * content, os-release) is remembered with the file's stamp, taken before the file is read, and
 * reused while a new stamp is the same: a repeated probe costs one stat per file instead of
 * listings, reads and access checks, and a directory that changes (a tool installed or
 * removed, a shims directory rewritten) is read again on its own.
 */
async function discover(fs: HostFs, env: StackEnv, searchDirs: readonly string[]): Promise<Discovery> {
  const { stamp, cache } = env;
  const notes: Unreadable = [];
  const stamps = new Map<string, Stamp>();
  const stampOf = async (p: string): Promise<Stamp | undefined> => {
    if (!stamp) return undefined;
    const s = stamps.get(p) ?? (await stamp(p));
    stamps.set(p, s);
    return s;
  };
  const remembered = async <T>(kind: string, p: string, compute: () => Promise<T>): Promise<T> => {
    const s = await stampOf(p);
    const key = `${kind}\u0000${p}`;
    if (s?.settled && cache) {
      const hit = cache.get(key);
      if (hit && hit.id === s.id) return hit.value as T;
    }
    const value = await compute();
    if (cache) {
      if (s?.settled) {
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(key, { id: s.id, value });
      } else cache.delete(key);
    }
    return value;
  };
  const relevant = (names: string[]) => names.filter((n) => NAMED.includes(n as StackToolKind) || QEMU_SYSTEM.test(n));

  // Each search directory once: on a merged-/usr system /bin and /sbin are links to /usr/bin
  // and /usr/sbin (a thousand names each), so a directory already seen under another name (the
  // same device and inode in its stamp, or the same link target) is skipped.
  const listSearchDirs = async (): Promise<[string[], FsResult<string[]>[]]> => {
    const ids = await Promise.all(
      searchDirs.map(async (d) => {
        const s = await stampOf(d);
        if (s) return s.id === 'missing' || s.id.startsWith('error:') ? d : s.id.split(':', 2).join(':');
        const link = await fs.readLink(d);
        return link.ok ? path.posix.resolve(path.posix.dirname(d), link.value) : d;
      }),
    );
    const seen = new Set<string>();
    const kept: string[] = [];
    searchDirs.forEach((d, i) => {
      const t = ids[i] as string;
      if (seen.has(t) || seen.has(d)) return;
      seen.add(t);
      seen.add(d);
      kept.push(d);
    });
    const listings = await Promise.all(
      kept.map((d) =>
        remembered('names', d, async () => {
          const r = await fs.list(d);
          return r.ok ? { ok: true as const, value: relevant(r.value) } : r;
        }),
      ),
    );
    return [kept, listings];
  };
  const executable = (p: string) => remembered('x', p, () => isExecutable(fs, p));

  const [[dirs, listings], osReleaseR, fwListings, virtiofsdFixed] = await Promise.all([
    listSearchDirs(),
    (async () => {
      const failures: [string, Reason][] = [];
      for (const p of STACK_PATHS.osRelease) {
        const r = await remembered('text', p, () => fs.readText(p, 16 * 1024));
        if (r.ok) return { text: r.value.text, failures };
        if (!isMissing(r.reason)) failures.push([p, r.reason]);
      }
      return { text: null, failures };
    })(),
    Promise.all(STACK_PATHS.firmwareDirs.map((d) => remembered('list', d, () => fs.list(d)))),
    Promise.all(STACK_PATHS.virtiofsd.map((p) => executable(p))),
  ]);
  for (const [p, reason] of osReleaseR.failures) note(notes, p, reason);

  // Which directory holds each name first (PATH order), from the listings alone.
  const firstDir = new Map<string, string>();
  listings.forEach((r, i) => {
    if (!r.ok) return;
    for (const name of r.value) {
      if ((NAMED.includes(name as StackToolKind) || QEMU_SYSTEM.test(name)) && !firstDir.has(name)) {
        firstDir.set(name, dirs[i] as string);
      }
    }
  });
  const settledId = (p: string) => {
    const s = stamps.get(p);
    return s?.settled ? s.id : undefined;
  };
  const found: Discovery['found'] = new Map();
  const candidates = await Promise.all(
    [...firstDir].map(async ([name, dir]) => {
      const file = path.posix.join(dir, name);
      return [name, file, await executable(file)] as const;
    }),
  );
  for (const [name, file, ok] of candidates) if (ok) found.set(name, { file, stamp: settledId(file) });
  if (!found.has('virtiofsd')) {
    const i = virtiofsdFixed.findIndex((x) => x);
    const file = STACK_PATHS.virtiofsd[i];
    if (file) found.set('virtiofsd', { file, stamp: settledId(file) });
  }

  // Firmware descriptors: by file name, /etc over /usr/share.
  const byName = new Map<string, string>();
  fwListings.forEach((r, i) => {
    const dir = STACK_PATHS.firmwareDirs[i] as string;
    if (!r.ok) {
      if (!isMissing(r.reason)) note(notes, dir, r.reason);
      return;
    }
    for (const name of r.value) {
      if (/^[\w.@+-]{1,200}\.json$/.test(name)) byName.set(name, path.posix.join(dir, name));
    }
  });
  const descriptorFiles = [...byName.keys()]
    .sort()
    .slice(0, MAX_DESCRIPTORS)
    .map((n) => byName.get(n) as string);
  type Parsed = { ok: true; value: ReturnType<typeof parseFirmwareDescriptor> | null } | { ok: false; reason: Reason };
  const readDescriptor = async (file: string): Promise<Parsed> => {
    const r = await fs.readText(file, DESCRIPTOR_MAX);
    if (!r.ok) return r;
    if (r.value.text.trim() === '') return { ok: true, value: null }; // an empty file in /etc masks the descriptor
    try {
      return { ok: true, value: parseFirmwareDescriptor(file, r.value.text) };
    } catch {
      return { ok: false, reason: { code: 'unexpected-content' } };
    }
  };
  const check = async (p: string | null): Promise<FirmwareFile | null> => {
    if (p === null) return null;
    if (!p.startsWith('/')) return { path: p, exists: null };
    // Checked on every probe; with stamps, the stamp is the answer (it is the same stat(2)).
    const s = await stampOf(p);
    if (s) return { path: p, exists: s.id === 'missing' ? false : s.id.startsWith('error:') ? null : true };
    const e = await fs.exists(p);
    return { path: p, exists: e.ok ? e.value : null };
  };
  const parsedAll = await Promise.all(
    descriptorFiles.map(async (file) => {
      const parsed = await remembered('descriptor', file, () => readDescriptor(file));
      if (!parsed.ok) return parsed;
      if (parsed.value === null) return { ok: true as const, value: null };
      const [executable, nvramTemplate] = await Promise.all([
        check(parsed.value.executable),
        check(parsed.value.nvram),
      ]);
      const d = parsed.value;
      const descriptor: FirmwareDescriptor = {
        file: d.file,
        description: d.description,
        interfaceTypes: [...d.interfaceTypes],
        architectures: [...d.architectures],
        device: d.device,
        executable,
        nvramTemplate,
        features: [...d.features],
      };
      return { ok: true as const, value: descriptor };
    }),
  );
  // Each descriptor's failure is noted in file order, so the report is stable.
  const firmware: FirmwareDescriptor[] = [];
  parsedAll.forEach((r, i) => {
    if (!r.ok) note(notes, descriptorFiles[i] as string, r.reason);
    else if (r.value) firmware.push(r.value);
  });
  return {
    found,
    osRelease: osReleaseR.text,
    firmware,
    dirsReadable: fwListings.some((r) => r.ok || isMissing(r.reason)),
    notes,
  };
}

/**
 * Probes the stack. `hostArch` resolves once the CPU is known (a copied tree's arch comes from
 * its cpuinfo); everything that does not need it starts before.
 */
export async function probeStack(
  fs: HostFs,
  env: StackEnv,
  hostArch: Promise<string | null>,
  unreadable: Unreadable,
): Promise<StackReport> {
  // Only absolute directories: a relative PATH entry (".", "bin", an empty one) would resolve
  // against the working directory, which can be a cloned repository.
  const searchDirs = env.searchDirs.filter((d) => path.posix.isAbsolute(d)).slice(0, MAX_DIRS);
  const d = await discover(fs, env, searchDirs);
  for (const n of d.notes) {
    if (!unreadable.some((u) => u.source === n.source && u.reason === n.reason)) unreadable.push(n);
  }
  const found = d.found;

  // Versions of everything found, all at once, while the rest goes on.
  const versionOf = new Map<string, Promise<string>>();
  for (const [name, { file, stamp }] of found) {
    const { version, mayRun } = env;
    versionOf.set(
      name,
      version && path.posix.isAbsolute(file)
        ? (mayRun ? mayRun(file) : Promise.resolve(true))
            .then((ok) => (ok ? version(file, stamp) : null))
            .then((v) => v ?? 'unknown')
            .catch(() => 'unknown')
        : Promise.resolve('unknown'),
    );
  }

  // libvirt's sockets: tried on every probe, whether a daemon answers changes any time.
  const socketPaths: { path: string; scope: 'system' | 'session' }[] = STACK_PATHS.systemSockets.map((p) => ({
    path: p,
    scope: 'system',
  }));
  if (env.runtimeDir && env.runtimeDir.startsWith('/')) {
    for (const n of ['libvirt-sock', 'virtqemud-sock'])
      socketPaths.push({ path: path.posix.join(env.runtimeDir, 'libvirt', n), scope: 'session' });
  }
  const socketsP = Promise.all(
    socketPaths.map(async (s): Promise<LibvirtSocket> => {
      if (env.connect) return { ...s, state: await env.connect(s.path).catch((): SocketState => 'unknown') };
      const e = await fs.exists(s.path);
      return { ...s, state: e.ok ? (e.value ? 'not-checked' : 'absent') : 'unknown' };
    }),
  );

  const [sockets, arch] = await Promise.all([socketsP, hostArch]);
  const firmware = d.firmware;
  const osRelease = d.osRelease;

  const release = osRelease !== null ? parseOsRelease(osRelease) : {};
  const id = release.ID?.toLowerCase() ?? null;
  const idLike = (release.ID_LIKE ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => /^[a-z0-9._-]{1,40}$/.test(w))
    .slice(0, 10);
  const family = distroFamily(id, idLike);

  // The tools, in a fixed order: emulators (or the host's one, missing), then the others.
  const tools: StackTool[] = [];
  const emulators = [...found.keys()].filter((n) => QEMU_SYSTEM.test(n)).sort();
  const hostQemu = qemuArch(arch);
  const toolOf = async (kind: StackToolKind, name: string, pkgId: StackToolId | null): Promise<StackTool> => {
    const file = found.get(name)?.file ?? null;
    const base: StackTool = { kind, name, path: file, version: null, package: null };
    if (file === null) return { ...base, package: packageFor(family, pkgId) };
    return { ...base, version: await (versionOf.get(name) as Promise<string>) };
  };
  const pkgOfQemu = (a: string): StackToolId | null =>
    a === 'x86_64' ? 'qemu-system-x86_64' : a === 'aarch64' ? 'qemu-system-aarch64' : null;
  for (const name of emulators) {
    const a = QEMU_SYSTEM.exec(name)?.[1] as string;
    tools.push({ ...(await toolOf('qemu-system', name, pkgOfQemu(a))), arch: a });
  }
  if (hostQemu && !found.has(`qemu-system-${hostQemu}`)) {
    tools.push({ ...(await toolOf('qemu-system', `qemu-system-${hostQemu}`, pkgOfQemu(hostQemu))), arch: hostQemu });
  }
  tools.push(await toolOf('qemu-img', 'qemu-img', 'qemu-img'));
  tools.push(await toolOf('virsh', 'virsh', 'virsh'));
  // The daemon: monolithic libvirtd or modular virtqemud; missing only when neither is there.
  const hasDaemon = found.has('libvirtd') || found.has('virtqemud');
  if (found.has('libvirtd') || !hasDaemon) tools.push(await toolOf('libvirtd', 'libvirtd', 'libvirtd'));
  if (found.has('virtqemud')) tools.push(await toolOf('virtqemud', 'virtqemud', null));
  tools.push(await toolOf('swtpm', 'swtpm', 'swtpm'));
  tools.push(await toolOf('virtiofsd', 'virtiofsd', 'virtiofsd'));

  // UEFI per architecture that matters here.
  const archs = new Set<'x86_64' | 'aarch64'>();
  if (hostQemu === 'x86_64' || hostQemu === 'aarch64') archs.add(hostQemu);
  if (found.has('qemu-system-x86_64')) archs.add('x86_64');
  if (found.has('qemu-system-aarch64')) archs.add('aarch64');
  const dirsReadable = d.dirsReadable;
  const uefi: StackReport['uefi'] = [...archs].sort().map((a) => {
    const matching = firmware.filter((f) => f.interfaceTypes.includes('uefi') && f.architectures.includes(a));
    const present: Tri = matching.some((f) => f.executable?.exists === true)
      ? true
      : dirsReadable && matching.every((f) => f.executable?.exists === false || f.executable === null)
        ? false
        : null;
    return {
      arch: a,
      present,
      package: present === false ? packageFor(family, a === 'x86_64' ? 'ovmf' : 'aavmf') : null,
    };
  });

  return {
    os: { id, idLike, prettyName: release.PRETTY_NAME ?? null, family },
    versions: env.version ? 'run' : 'not-run',
    tools,
    sockets,
    firmware,
    uefi,
  };
}
