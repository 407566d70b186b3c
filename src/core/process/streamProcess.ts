// The long-running sibling of runProcess: a program that streams lines until it is stopped
// (`virsh event --loop`). Same rules: a fixed executable with an argument list (never a shell),
// its own process group on POSIX so that dispose() stops everything it started, bounded memory
// (a line longer than the cap is cut; stderr keeps only its tail, for the exit reason).
import { spawn } from 'node:child_process';

export interface StreamOptions {
  /** Extra environment variables (the rest is inherited). */
  readonly env?: Readonly<Record<string, string>>;
  /** Called with each complete stdout line (without the newline). */
  readonly onLine: (line: string) => void;
  /**
   * Called once when the program ends by itself or cannot start (not after dispose()), with the
   * tail of its stderr (or the start error) so the caller can say why.
   */
  readonly onExit: (exit: { code: number | null; stderr: string; failure?: 'not-found' | 'spawn-error' }) => void;
}

export interface StreamHandle {
  readonly pid: number | undefined;
  /** Stops the process group; no onExit follows. Safe to call twice. */
  dispose(): void;
}

const MAX_LINE = 64 * 1024;
const MAX_STDERR = 8 * 1024;

export function streamProcess(executable: string, args: readonly string[], options: StreamOptions): StreamHandle {
  const posix = process.platform !== 'win32';
  let disposed = false;
  let exited = false;
  const report = (exit: Parameters<StreamOptions['onExit']>[0]) => {
    if (disposed || exited) return;
    exited = true;
    options.onExit(exit);
  };
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(executable, [...args], {
      shell: false,
      windowsHide: true,
      detached: posix,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ? { ...process.env, ...options.env } : process.env,
    });
  } catch (e) {
    queueMicrotask(() =>
      report({ code: null, stderr: e instanceof Error ? e.message : String(e), failure: 'spawn-error' }),
    );
    return { pid: undefined, dispose: () => void (disposed = true) };
  }
  const killTree = () => {
    try {
      if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      else child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  };
  let pending = '';
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).replace(/\r$/, '');
      pending = pending.slice(nl + 1);
      if (!disposed) options.onLine(line.slice(0, MAX_LINE));
    }
    if (pending.length > MAX_LINE) pending = pending.slice(0, MAX_LINE);
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-MAX_STDERR);
  });
  child.on('error', (e) => {
    killTree();
    const code = (e as { code?: unknown }).code;
    report({ code: null, stderr: e.message, failure: code === 'ENOENT' ? 'not-found' : 'spawn-error' });
  });
  child.on('close', (code) => {
    // Whatever the program started goes with it.
    killTree();
    report({ code, stderr });
  });
  return {
    pid: child.pid,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      killTree();
    },
  };
}
