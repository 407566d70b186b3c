// Runs a fixed executable with an argument list (never a shell), with a timeout, hidden on
// Windows. The probes get a runner injected, so tests feed them recorded output instead.
import { execFile } from 'node:child_process';

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
  return (file, args) =>
    new Promise<RunResult>((resolve) => {
      try {
        execFile(
          file,
          [...args],
          { timeout: timeoutMs, windowsHide: true, maxBuffer: MAX_OUTPUT, encoding: 'utf8', shell: false },
          (err, stdout, stderr) => {
            if (err) resolve({ ok: false, reason: describeRunError(err, String(stderr ?? ''), timeoutMs) });
            else resolve({ ok: true, stdout: String(stdout ?? '') });
          },
        );
      } catch (err) {
        resolve({ ok: false, reason: describeRunError(err, '', timeoutMs) });
      }
    });
}
