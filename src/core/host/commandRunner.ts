// Runs a fixed executable with an argument list (never a shell), with a timeout that stops
// the whole process tree (runProcess), hidden on Windows. The probes get a runner injected,
// so tests feed them recorded output instead.
import { runProcess } from '../process/runProcess';
import type { Reason } from './reasons';

export type RunResult = { ok: true; stdout: string } | { ok: false; reason: Reason };

export type CommandRunner = (file: string, args: readonly string[]) => Promise<RunResult>;

export const COMMAND_TIMEOUT_MS = 10_000;
const MAX_OUTPUT = 1024 * 1024;

/** Why a command failed: a reason code, with the exit code and the first line of stderr. */
export function describeRunError(err: unknown, stderr: string, timeoutMs: number): Reason {
  const e = err as { code?: unknown; killed?: boolean; signal?: unknown } | null;
  if (e?.code === 'ENOENT') return { code: 'command-not-found' };
  if (e?.code === 'EACCES') return { code: 'permission-denied' };
  if (e?.killed || e?.signal === 'SIGTERM') return { code: 'timeout', n: Math.round(timeoutMs / 1000) };
  if (e?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return { code: 'output-too-large' };
  const firstErr = stderr
    .split(/\r?\n/)
    .find((l) => l.trim() !== '')
    ?.trim()
    .slice(0, 200);
  const reason: Reason = typeof e?.code === 'number' ? { code: 'exit', n: e.code } : { code: 'failed' };
  return firstErr ? { ...reason, detail: firstErr } : reason;
}

export function createNodeRunner(timeoutMs = COMMAND_TIMEOUT_MS): CommandRunner {
  return async (file, args) => {
    const r = await runProcess(file, args, { timeoutMs, maxOutputBytes: MAX_OUTPUT });
    if (r.failure === 'not-found') return { ok: false, reason: { code: 'command-not-found' } };
    if (r.failure === 'permission-denied') return { ok: false, reason: { code: 'permission-denied' } };
    if (r.failure === 'timeout') return { ok: false, reason: { code: 'timeout', n: Math.round(timeoutMs / 1000) } };
    if (r.truncated) return { ok: false, reason: { code: 'output-too-large' } };
    if (r.code === 0) return { ok: true, stdout: r.stdout };
    return {
      ok: false,
      reason: describeRunError({ code: r.code ?? undefined, message: r.errorMessage }, r.stderr, timeoutMs),
    };
  };
}
