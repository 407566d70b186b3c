// The host check's window on the file system. Every path is absolute as seen by the probed
// machine ("/proc/cpuinfo") and is resolved against a root, so tests can probe a copied
// tree. Nothing here throws: every failure comes back as a reason the report can show.
import * as fs from 'node:fs';
import { constants } from 'node:fs';
import * as path from 'node:path';
import type { Reason } from './reasons';

/** Why something could not be read (reasons.ts puts it in words). */
export type FsFailure = Reason;

export type FsResult<T> = { ok: true; value: T } | { ok: false; reason: FsFailure };

export interface TextRead {
  text: string;
  /** More bytes followed than were read (the text is the first, or with `tail` the last, maxBytes). */
  truncated: boolean;
}

export interface ReadOptions {
  /** Read the end of the file instead of its start (logs: the newest boot is at the end). */
  tail?: boolean;
}

export interface HostFs {
  /** Reads at most maxBytes of a file as UTF-8 (invalid bytes become U+FFFD, NUL bytes are dropped). */
  readText(file: string, maxBytes: number, options?: ReadOptions): Promise<FsResult<TextRead>>;
  /** Whether something exists at the path; false for "missing", a failure for anything else. */
  exists(file: string): Promise<FsResult<boolean>>;
  /** access(2) with the given mode (fs.constants.R_OK | W_OK…): true when allowed. */
  access(file: string, mode: number): Promise<FsResult<boolean>>;
  /** The names in a directory. */
  list(dir: string): Promise<FsResult<string[]>>;
  /** Where a symbolic link points, as written (sysfs `driver`, `physfn`, `virtfn0` links). */
  readLink(file: string): Promise<FsResult<string>>;
  /** The file's stamp (links followed), for reusing what an unchanged file said. Optional. */
  stamp?(file: string): Promise<Stamp>;
}

/**
 * What a file is now, for telling whether it changed since: device, inode, size, mode, owner
 * and times for something there, "missing" or the error otherwise. `settled` is false while
 * the file's last change is too recent to trust its times: file times come from a coarse
 * clock, so a second change in the same tick would keep them, and an answer drawn from such a
 * file is not remembered (the next probe reads it again).
 */
export interface Stamp {
  id: string;
  settled: boolean;
}

/**
 * A change newer than this is not trusted to show in the file's times: Linux stamps files
 * from a clock that ticks every 1 to 10 ms, and some file systems keep 1 or 2 s.
 */
export const SETTLE_MS = 3000;

/** The stamp of a path of this machine (stat(2), links followed). Never throws. */
export async function statStamp(file: string, nowMs = Date.now()): Promise<Stamp> {
  try {
    const st = await cb<fs.BigIntStats>((done) => fs.stat(file, { bigint: true }, done));
    const changedMs = Number((st.mtimeNs > st.ctimeNs ? st.mtimeNs : st.ctimeNs) / 1_000_000n);
    return {
      id: [st.dev, st.ino, st.size, st.mode, st.uid, st.gid, st.mtimeNs, st.ctimeNs].join(':'),
      settled: nowMs - changedMs > SETTLE_MS,
    };
  } catch (err) {
    const r = describeFsError(err);
    return { id: r.code === 'missing' ? 'missing' : `error:${r.code}:${r.detail ?? ''}`, settled: true };
  }
}

/** The largest read of any one file: 4 MiB. */
export const MAX_READ_BYTES = 4 * 1024 * 1024;

const CHUNK = 64 * 1024;

/** Files the kernel hands out whole on the first read (see readText). */
const ONE_SHOT = /^\/*(?:sys\/|proc\/sys\/|proc\/cmdline$)/;

/** Turns a Node error into the reason the report shows. */
export function describeFsError(err: unknown): FsFailure {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { code: 'missing' };
    case 'EACCES':
    case 'EPERM':
      return { code: 'permission-denied' };
    case 'EISDIR':
      return { code: 'is-directory' };
    case 'ELOOP':
      return { code: 'symlink-loop' };
    case 'EAGAIN':
    case 'EWOULDBLOCK':
      return { code: 'would-block' };
    case 'EINVAL':
      return { code: 'not-a-file' };
    case 'EIO':
      return { code: 'io-error' };
    default:
      return typeof code === 'string'
        ? { code: 'os-error', detail: code }
        : { code: 'error', detail: String((err as Error)?.message ?? err) };
  }
}

/** True when the failure is the plain absence of the file. */
export function isMissing(reason: FsFailure): boolean {
  return reason.code === 'missing';
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 text of bytes, invalid sequences replaced, NUL bytes removed. */
export function decodeBytes(bytes: Uint8Array): string {
  const text = decoder.decode(bytes);
  return text.includes('\u0000') ? text.split('\u0000').join('') : text;
}

/**
 * A Node callback call as a promise. The probe reads about forty small files each time; the
 * callback API costs about half of what fs.promises' FileHandle does per file (open, read,
 * close), and that was most of a repeated probe's time (BENCHMARKS.md, host probe).
 */
function cb<T>(call: (done: (err: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((res, rej) => call((err, value) => (err ? rej(err) : res(value))));
}

/**
 * The Node implementation, rooted at `root` (default "/"). Reads use fs.open + read into a
 * fixed chunk buffer and stop at maxBytes, so a huge or endless file costs at most that much.
 * Opening is non-blocking, so a FIFO or a device that would block does not hang the probe.
 */
export function createNodeHostFs(root = '/'): HostFs {
  const resolve = (file: string): string => {
    // Keep every path inside root: strip the leading slash and any attempt to climb out.
    const rel = path.posix.normalize('/' + file).replace(/^\/+/, '');
    return path.join(root, rel);
  };

  return {
    async readText(file, maxBytes, options) {
      const limit = Math.max(0, Math.min(maxBytes, MAX_READ_BYTES));
      let fd: number | undefined;
      try {
        fd = await cb<number>((done) => fs.open(resolve(file), constants.O_RDONLY | constants.O_NONBLOCK, done));
        const handle = fd;
        let position: number | null = null;
        if (options?.tail) {
          const st = await cb<fs.Stats>((done) => fs.fstat(handle, done));
          if (st.isDirectory()) return { ok: false, reason: { code: 'is-directory' } };
          if (st.size > limit) position = st.size - limit;
        }
        const read = (buf: Buffer, len: number) => cb<number>((done) => fs.read(handle, buf, 0, len, position, done));
        const chunk = Buffer.allocUnsafe(Math.min(CHUNK, limit + 1));
        const oneShot = !options?.tail && ONE_SHOT.test(file);
        const parts: Buffer[] = [];
        let total = 0;
        let truncated = position !== null && position > 0;
        for (;;) {
          const want = Math.min(chunk.length, limit - total);
          if (want === 0) {
            // One more byte tells whether the file goes on past the limit.
            if ((await read(chunk, 1)) > 0) truncated = true;
            break;
          }
          const bytesRead = await read(chunk, want);
          if (bytesRead === 0) break;
          parts.push(Buffer.from(chunk.subarray(0, bytesRead)));
          total += bytesRead;
          if (position !== null) position += bytesRead;
          // A sysfs attribute (and a /proc/sys value, /proc/cmdline) is produced whole by one
          // call in the kernel and handed out from that buffer, so a short first read is the
          // whole file: the read that would return 0 is skipped (most of the probe's files are
          // such). Not so for the rest of /proc, where a long file such as cpuinfo comes a page
          // at a time.
          if (oneShot && bytesRead < want) break;
        }
        return { ok: true, value: { text: decodeBytes(Buffer.concat(parts, total)), truncated } };
      } catch (err) {
        return { ok: false, reason: describeFsError(err) };
      } finally {
        if (fd !== undefined) fs.close(fd, () => undefined);
      }
    },

    async exists(file) {
      try {
        await cb<fs.Stats>((done) => fs.stat(resolve(file), done));
        return { ok: true, value: true };
      } catch (err) {
        const reason = describeFsError(err);
        return isMissing(reason) ? { ok: true, value: false } : { ok: false, reason };
      }
    },

    async access(file, mode) {
      try {
        await cb<void>((done) => fs.access(resolve(file), mode, (err) => done(err, undefined)));
        return { ok: true, value: true };
      } catch (err) {
        const reason = describeFsError(err);
        if (reason.code === 'permission-denied') return { ok: true, value: false };
        return { ok: false, reason };
      }
    },

    async list(dir) {
      try {
        return { ok: true, value: await cb<string[]>((done) => fs.readdir(resolve(dir), done)) };
      } catch (err) {
        return { ok: false, reason: describeFsError(err) };
      }
    },

    stamp: (file) => statStamp(resolve(file)),

    async readLink(file) {
      try {
        return { ok: true, value: await cb<string>((done) => fs.readlink(resolve(file), done)) };
      } catch (err) {
        return { ok: false, reason: describeFsError(err) };
      }
    },
  };
}
