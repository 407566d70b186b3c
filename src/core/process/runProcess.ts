// The one way VirtKit runs another program: a fixed executable with an argument list (never
// a shell), a timeout, cancellation, bounded output, and on timeout or cancellation the whole
// process tree is stopped, not just the direct child. (virt-xml-validate is a shell script:
// killing only the script left its xmllint running for minutes after every timed-out save.)
import { spawn } from 'node:child_process';
import { constants, promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface RunOptions {
  /** Milliseconds before the process tree is killed. */
  readonly timeoutMs: number;
  /** Stops the process tree when aborted. */
  readonly signal?: AbortSignal;
  /** Bytes of stdout and of stderr kept (each); the rest is dropped and `truncated` set. */
  readonly maxOutputBytes?: number;
  /** Extra environment variables (the rest is inherited). */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to the program's standard input, which is then closed. */
  readonly input?: string;
}

export interface RunOutcome {
  /** Exit code, or null when the process ended by a signal or could not start. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Why it did not run to completion, when it did not. */
  readonly failure?: 'not-found' | 'permission-denied' | 'timeout' | 'cancelled' | 'spawn-error';
  /** The start error's message, for `spawn-error`. */
  readonly errorMessage?: string;
  readonly truncated: boolean;
}

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

/**
 * Runs `executable` with `args` and resolves when it and its output streams are done. Never
 * rejects. On POSIX the program gets its own process group so that a timeout or an abort can
 * kill everything it started (`kill(-pgid)`); on Windows only the direct child is killed.
 */
export async function runProcess(
  executable: string,
  args: readonly string[],
  options: RunOptions,
): Promise<RunOutcome> {
  const file = await resolveExecutable(executable, options.env?.PATH ?? process.env.PATH);
  if (file === null) return { code: null, stdout: '', stderr: '', failure: 'not-found', truncated: false };
  return start(file, args, options);
}

/**
 * The program a name stands for, as a shell would find it but only in the absolute
 * directories of PATH: a relative entry (".", "bin", an empty one) resolves against the
 * working directory, which can be the workspace, and a name must not run a program a cloned
 * repository put there. An absolute path is taken as it is; a relative one with a slash is
 * refused for the same reason. On Windows the name is left to the system.
 */
export async function resolveExecutable(executable: string, pathVar: string | undefined): Promise<string | null> {
  if (process.platform === 'win32' || path.posix.isAbsolute(executable)) return executable;
  if (executable.includes('/') || executable === '' || executable === '.' || executable === '..') return null;
  for (const dir of (pathVar ?? '').split(':')) {
    if (!path.posix.isAbsolute(dir)) continue;
    const file = path.posix.join(dir, executable);
    try {
      const st = await fsp.stat(file);
      if (!st.isFile()) continue;
      await fsp.access(file, constants.X_OK);
      return file;
    } catch {
      // Not here, or not executable: the next directory.
    }
  }
  return null;
}

function start(executable: string, args: readonly string[], options: RunOptions): Promise<RunOutcome> {
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const posix = process.platform !== 'win32';
  return new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve({ code: null, stdout: '', stderr: '', failure: 'cancelled', truncated: false });
      return;
    }
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(executable, [...args], {
        shell: false,
        windowsHide: true,
        detached: posix,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        env: options.env ? { ...process.env, ...options.env } : process.env,
      });
    } catch (e) {
      resolve(startFailure(e));
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const sizes = { out: 0, err: 0 };
    let truncated = false;
    const keep = (chunks: Buffer[], key: 'out' | 'err') => (d: Buffer) => {
      const room = max - sizes[key];
      if (room <= 0) return void (truncated = true);
      const part = d.length > room ? d.subarray(0, room) : d;
      if (part.length < d.length) truncated = true;
      chunks.push(part);
      sizes[key] += part.length;
    };
    child.stdout?.on('data', keep(out, 'out'));
    child.stderr?.on('data', keep(err, 'err'));

    let failure: RunOutcome['failure'];
    let settled = false;
    const killTree = () => {
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      failure = 'timeout';
      killTree();
    }, options.timeoutMs);
    const onAbort = () => {
      failure = 'cancelled';
      killTree();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(outcome);
    };

    child.on('error', (e) => {
      killTree();
      finish(startFailure(e));
    });
    // 'close' waits for the output streams too. A grandchild that keeps a pipe open would
    // delay it past the exit: after the direct child exits, the group is killed.
    child.on('exit', () => {
      if (posix && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // No process left in the group.
        }
      }
    });
    child.on('close', (code) =>
      finish({
        code: failure ? null : code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ...(failure ? { failure } : {}),
        truncated,
      }),
    );
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

function startFailure(e: unknown): RunOutcome {
  const code = (e as { code?: unknown } | null)?.code;
  const failure = code === 'ENOENT' ? 'not-found' : code === 'EACCES' ? 'permission-denied' : 'spawn-error';
  return {
    code: null,
    stdout: '',
    stderr: '',
    failure,
    errorMessage: e instanceof Error ? e.message : String(e),
    truncated: false,
  };
}
