// The stack probe's reach into this machine: `<tool> --version` through runProcess (argument
// list, 3 s, never a shell) and a bare connect to libvirt's Unix sockets. Only the machine
// probe gets these; a copied tree never runs this machine's programs.
import { realpath } from 'node:fs';
import * as path from 'node:path';
import * as net from 'node:net';
import { runProcess } from '../process/runProcess';
import { statStamp } from './hostFs';
import { parseToolVersion, searchDirsFromPath, type Stamp, type StackEnv, type StackCache } from './stackProbe';
import type { SocketState } from './types';

export const VERSION_TIMEOUT_MS = 3000;
const SOCKET_TIMEOUT_MS = 1000;

/**
 * Versions already read, by path and the file's stamp: a tool's `--version` only changes when
 * the file does, so a second probe in the same session spawns nothing for an unchanged tool.
 */
const cache = new Map<string, string | null>();

/** What unchanged files of this machine said (stackProbe.ts, discover). */
const files: StackCache = new Map();

/** Forgets the versions and what files said (the benchmark measures a first probe with it). */
export function clearToolVersionCache(): void {
  cache.clear();
  files.clear();
}

export { SETTLE_MS } from './hostFs';

/** The stamp of a file of this machine (stat(2), links followed). Never throws. */
export function stampFile(file: string, nowMs = Date.now()): Promise<Stamp> {
  return statStamp(file, nowMs);
}

export async function toolVersion(file: string, stamp?: string): Promise<string | null> {
  // Only an absolute path is run: a bare name would be looked up in PATH, a relative one
  // against the working directory.
  if (!path.isAbsolute(file)) return null;
  let key: string | null = stamp === undefined ? null : `${file}\u0000${stamp}`;
  if (key === null) {
    const s = await stampFile(file);
    if (s.id === 'missing' || s.id.startsWith('error:')) return null;
    key = s.settled ? `${file}\u0000${s.id}` : null;
  }
  if (key !== null && cache.has(key)) return cache.get(key) ?? null;
  const r = await runProcess(file, ['--version'], {
    timeoutMs: VERSION_TIMEOUT_MS,
    maxOutputBytes: 64 * 1024,
    // The C locale: a translated "version" word would hide the number from the parser.
    env: { LC_ALL: 'C', LANG: 'C' },
  });
  // Some tools print to stderr, some exit non-zero after printing; the text decides.
  const version = r.failure ? null : parseToolVersion(`${r.stdout}\n${r.stderr}`);
  if (!r.failure && key !== null) cache.set(key, version);
  return version;
}

/** Connects to a Unix socket and closes at once: does the daemon behind it accept this user? */
export function connectSocket(file: string, timeoutMs = SOCKET_TIMEOUT_MS): Promise<SocketState> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (state: SocketState): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(state);
    };
    const socket = net.createConnection({ path: file });
    const timer = setTimeout(() => finish('unknown'), timeoutMs);
    socket.once('connect', () => finish('answers'));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code;
      finish(
        code === 'ENOENT' || code === 'ENOTDIR'
          ? 'absent'
          : code === 'EACCES' || code === 'EPERM'
            ? 'denied'
            : code === 'ECONNREFUSED'
              ? 'refused'
              : 'unknown',
      );
    });
  });
}

/**
 * A `mayRun` that refuses any program whose real path (links followed) lies inside one of
 * `dirs` (compared by real path too), or whose real path cannot be told.
 */
export function outsideDirs(dirs: readonly string[]): (file: string) => Promise<boolean> {
  const real = (p: string) =>
    new Promise<string | null>((resolve) => realpath(p, (err, value) => resolve(err ? null : value)));
  const roots = Promise.all(
    dirs.filter((d) => path.isAbsolute(d)).map(async (d) => [path.resolve(d), await real(d)] as const),
  ).then((pairs) => [...new Set(pairs.flatMap(([a, b]) => (b ? [a, b] : [a])))]);
  const inside = (file: string, root: string) =>
    file === root || file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
  return async (file) => {
    const [r, rs] = await Promise.all([real(file), roots]);
    return r !== null && !rs.some((root) => inside(r, root) || inside(path.resolve(file), root));
  };
}

/**
 * The environment of the machine probe: the extension host's own PATH and XDG_RUNTIME_DIR.
 * `untrustedDirs` (Restricted Mode: the workspace folders) hold no program that may be run.
 */
export function machineStackEnv(env: NodeJS.ProcessEnv = process.env, untrustedDirs?: readonly string[]): StackEnv {
  return {
    searchDirs: searchDirsFromPath(env.PATH),
    version: toolVersion,
    connect: (file) => connectSocket(file),
    runtimeDir: env.XDG_RUNTIME_DIR ?? null,
    stamp: (file) => stampFile(file),
    cache: files,
    ...(untrustedDirs ? { mayRun: outsideDirs(untrustedDirs) } : {}),
  };
}
