// Runs a fixed executable with an argument list (never a shell), with a timeout that stops
// the whole process tree (runProcess), hidden on Windows. The probes get a runner injected,
// so tests feed them recorded output instead.
import { runProcess } from '../process/runProcess';

export type RunResult = { ok: true; stdout: string } | { ok: false; reason: string };

export type CommandRunner = (file: string, args: readonly string[]) => Promise<RunResult>;

export const COMMAND_TIMEOUT_MS = 10_000;
const MAX_OUTPUT = 1024 * 1024;

/** Why a command failed, in words the report shows. */
export function describeRunError(err: unknown, stderr: string, timeoutMs: number): string {
  const e = err as { code?: unknown; killed?: boolean; signal?: unknown } | null;
  if (e?.code === 'ENOENT') return 'command not found';
  if (e?.code === 'EACCES') return 'permission denied';
  if (e?.killed || e?.signal === 'SIGTERM') return `timed out after ${Math.round(timeoutMs / 1000)} s`;
  if (e?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return 'output too large';
  const firstErr = stderr
    .split(/\r?\n/)
    .find((l) => l.trim() !== '')
    ?.trim()
    .slice(0, 200);
  const code = typeof e?.code === 'number' ? `exit code ${e.code}` : 'failed';
  return firstErr ? `${code}: ${firstErr}` : code;
}

export function createNodeRunner(timeoutMs = COMMAND_TIMEOUT_MS): CommandRunner {
  return async (file, args) => {
    const r = await runProcess(file, args, { timeoutMs, maxOutputBytes: MAX_OUTPUT });
    if (r.failure === 'not-found') return { ok: false, reason: 'command not found' };
    if (r.failure === 'permission-denied') return { ok: false, reason: 'permission denied' };
    if (r.failure === 'timeout') return { ok: false, reason: `timed out after ${Math.round(timeoutMs / 1000)} s` };
    if (r.truncated) return { ok: false, reason: 'output too large' };
    if (r.code === 0) return { ok: true, stdout: r.stdout };
    return {
      ok: false,
      reason: describeRunError({ code: r.code ?? undefined, message: r.errorMessage }, r.stderr, timeoutMs),
    };
  };
}
