// The stack probe's reach into this machine: `<tool> --version` through runProcess (argument
// list, 3 s, never a shell) and a bare connect to libvirt's Unix sockets. Only the machine
// probe gets these; a copied tree never runs this machine's programs.
import { promises as fsp } from 'node:fs';
import * as net from 'node:net';
import { runProcess } from '../process/runProcess';
import { describeFsError, type FsResult } from './hostFs';
import { parseToolVersion, searchDirsFromPath, type StackEnv } from './stackProbe';
import type { SocketState } from './types';

export const VERSION_TIMEOUT_MS = 3000;
const SOCKET_TIMEOUT_MS = 1000;

/**
 * Versions already read, by path and the file's identity (inode, size, mtime): a tool's
 * `--version` only changes when the file does, so a second probe in the same session spawns
 * nothing for an unchanged tool.
 */
const cache = new Map<string, string | null>();

/** Forgets the versions and listings read (the benchmark measures a first probe with it). */
export function clearToolVersionCache(): void {
  cache.clear();
  listings.clear();
}

export async function toolVersion(file: string): Promise<string | null> {
  let key: string;
  try {
    const st = await fsp.stat(file);
    key = `${file}\u0000${st.ino}\u0000${st.size}\u0000${st.mtimeMs}`;
  } catch {
    return null;
  }
  if (cache.has(key)) return cache.get(key) ?? null;
  const r = await runProcess(file, ['--version'], {
    timeoutMs: VERSION_TIMEOUT_MS,
    maxOutputBytes: 64 * 1024,
    // The C locale: a translated "version" word would hide the number from the parser.
    env: { LC_ALL: 'C', LANG: 'C' },
  });
  // Some tools print to stderr, some exit non-zero after printing; the text decides.
  const version = r.failure ? null : parseToolVersion(`${r.stdout}\n${r.stderr}`);
  if (!r.failure) cache.set(key, version);
  return version;
}

/**
 * Names in a PATH directory, remembered while the directory's mtime (changed by every file
 * added, removed or renamed in it) stays the same: /usr/bin holds a thousand names, and a
 * stat costs far less than reading them again on every probe.
 */
const listings = new Map<string, { key: string; names: string[] }>();

export async function listDirCached(dir: string): Promise<FsResult<string[]>> {
  try {
    const st = await fsp.stat(dir);
    const key = `${st.ino}\u0000${st.mtimeMs}`;
    const hit = listings.get(dir);
    if (hit && hit.key === key) return { ok: true, value: hit.names };
    const names = await fsp.readdir(dir);
    listings.set(dir, { key, names });
    return { ok: true, value: names };
  } catch (err) {
    listings.delete(dir);
    return { ok: false, reason: describeFsError(err) };
  }
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

/** The environment of the machine probe: the extension host's own PATH and XDG_RUNTIME_DIR. */
export function machineStackEnv(env: NodeJS.ProcessEnv = process.env): StackEnv {
  return {
    searchDirs: searchDirsFromPath(env.PATH),
    version: toolVersion,
    connect: (file) => connectSocket(file),
    runtimeDir: env.XDG_RUNTIME_DIR ?? null,
    listDir: listDirCached,
  };
}
