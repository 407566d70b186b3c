// The one way VirtKit talks to libvirt: the `virsh` CLI, run through runProcess (fixed
// executable, argument list, timeout, cancellation, process-tree kill). Read commands only.
//
// Why one virsh per batch, with `echo` markers: starting virsh costs a connection each time
// (and, on the test driver, a fresh random UUID for objects without one), so a thousand
// `dominfo` calls would take seconds. virsh reads several commands from ONE argument separated
// by `;` (its own tokenizer, not a shell; names are double-quoted with `\` escapes) and keeps
// going after a failing command; each command is preceded by `echo <marker>` so its output can
// be cut out again. Output is read in the C.UTF-8 locale: English labels (the parsers match
// them) and UTF-8 names that virsh's tables do not escape.
import { runProcess, type RunOutcome } from '../process/runProcess';
import { batchUri } from './batchUri';

export { batchUri };

/** Why virsh could not answer. */
export type VirshFailure =
  | 'virsh-missing'
  | 'unreachable'
  | 'denied'
  /** The SSH server refused the login (the key, or no key it accepts). */
  | 'ssh-auth'
  /** ssh does not know the host's key, or it changed. */
  | 'ssh-host-key'
  | 'timeout'
  | 'cancelled'
  | 'other';

export interface VirshOptions {
  /** Milliseconds per virsh run before its process tree is killed (default 15 000). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The virsh executable (default `virsh` on PATH). */
  readonly virshPath?: string;
}

export interface VirshBatchResult {
  /** The output of each command, in order (empty when it failed). */
  readonly sections: string[];
  /** virsh's error lines (`error: …`), joined. */
  readonly stderr: string;
  /** Set when virsh did not run the batch at all (no connection, missing, timeout…). */
  readonly failure?: VirshFailure;
  readonly message?: string;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
/** Well below Linux's 128 KiB limit for one argument. */
const MAX_BATCH_CHARS = 60_000;

/** Quotes an argument for virsh's own command tokenizer (not a shell). */
export function quoteVirshArg(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Sorts a failed run into a failure kind; `message` is virsh's last error line. */
export function classifyFailure(outcome: RunOutcome): { failure: VirshFailure; message: string } | undefined {
  if (outcome.failure === 'not-found') return { failure: 'virsh-missing', message: outcome.errorMessage ?? 'virsh' };
  if (outcome.failure === 'timeout') return { failure: 'timeout', message: 'virsh did not answer in time' };
  if (outcome.failure === 'cancelled') return { failure: 'cancelled', message: 'cancelled' };
  if (outcome.failure) return { failure: 'other', message: outcome.errorMessage ?? outcome.failure };
  const errors = errorLines(outcome.stderr);
  if (!/failed to connect to the hypervisor/i.test(outcome.stderr)) return undefined;
  const message = errors.filter((l) => !/failed to connect to the hypervisor/i.test(l)).join(' ') || errors.join(' ');
  return { failure: failureOfMessage(message), message };
}

/** The kind of failure virsh's (or ssh's, relayed) error words describe. */
function failureOfMessage(message: string): VirshFailure {
  // ssh's own refusals, relayed by libvirt ("Cannot recv data: user@host: Permission denied (publickey).").
  if (/host key verification failed|remote host identification has changed/i.test(message)) return 'ssh-host-key';
  if (
    /permission denied \((publickey|password|keyboard-interactive|gssapi)|too many authentication failures|no more authentication methods/i.test(
      message,
    )
  )
    return 'ssh-auth';
  if (/permission denied|authentication (unavailable|failed)|access denied|not authorized|polkit/i.test(message))
    return 'denied';
  if (
    /no such file|connection refused|cannot recv data|connection reset|no route|timed out|could not resolve/i.test(
      message,
    )
  )
    return 'unreachable';
  return 'other';
}

function errorLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => l.replace(/^error:\s*/, ''));
}

async function runOnce(uri: string, script: string, options: VirshOptions): Promise<RunOutcome> {
  return runProcess(options.virshPath ?? 'virsh', ['-c', batchUri(uri), script], {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    signal: options.signal,
    // English labels for the parsers; UTF-8 so tables keep CJK and emoji instead of \xNN.
    env: { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' },
    maxOutputBytes: 64 * 1024 * 1024,
  });
}

/**
 * Runs `commands` (each already tokenized for virsh: use quoteVirshArg for names) in as few
 * virsh processes as the argument length allows, and returns each command's output.
 */
export async function runVirshBatch(
  uri: string,
  commands: readonly string[],
  options: VirshOptions = {},
): Promise<VirshBatchResult> {
  const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const sections: string[] = [];
  const stderr: string[] = [];
  let i = 0;
  while (i < commands.length) {
    const start = i;
    const parts: string[] = [];
    let length = 0;
    while (i < commands.length && (parts.length === 0 || length + commands[i].length < MAX_BATCH_CHARS)) {
      const part = `echo @@virtkit-${nonce}-${i}@@ ; ${commands[i]}`;
      parts.push(part);
      length += part.length + 3;
      i++;
    }
    parts.push(`echo @@virtkit-${nonce}-end@@`);
    const outcome = await runOnce(uri, parts.join(' ; '), options);
    const failed = classifyFailure(outcome);
    if (failed) return { sections, stderr: outcome.stderr, ...failed };
    stderr.push(outcome.stderr);
    const cut = splitSections(outcome.stdout, nonce);
    for (let k = start; k < i; k++) sections.push(cut.get(String(k)) ?? '');
    if (!cut.has('end') && outcome.truncated)
      return { sections, stderr: stderr.join(''), failure: 'other', message: 'virsh output too large' };
    // virsh goes on after a failed command of a batch, so a missing end marker means the batch
    // itself did not run through (virsh ended early, with words other than "failed to connect"):
    // a failure, never an empty but "connected" host.
    if (!cut.has('end')) {
      const message = errorLines(outcome.stderr).join(' ') || `virsh ended early (exit code ${outcome.code ?? '?'})`;
      return { sections, stderr: stderr.join(''), failure: failureOfMessage(message), message };
    }
  }
  return { sections, stderr: stderr.join('') };
}

function splitSections(stdout: string, nonce: string): Map<string, string> {
  const out = new Map<string, string>();
  const marker = new RegExp(`^@@virtkit-${nonce}-(\\d+|end)@@$`);
  let current: string | undefined;
  let lines: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = marker.exec(line);
    if (m) {
      if (current !== undefined) out.set(current, lines.join('\n'));
      current = m[1];
      lines = [];
    } else if (current !== undefined) lines.push(line);
  }
  if (current !== undefined) out.set(current, lines.join('\n'));
  return out;
}

// ---- parsers -------------------------------------------------------------------------------

/**
 * Parses `dominfo` / `net-info` / `pool-info` output: `Label:` padded to 15 columns, a space,
 * the value. The value is taken from column 16 as is, so names keep their spaces.
 */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon);
    if (!/^[A-Za-z][A-Za-z ()]*$/.test(key) || out.has(key)) continue;
    const padded = colon + 1 <= 15 && line.length >= 16 && line.slice(colon + 1, 16).trim() === '';
    out.set(key, padded ? line.slice(16) : line.slice(colon + 1).trim());
  }
  return out;
}

/** Lines of a `--name` list; blank lines dropped. `trimEnd` for lists virsh pads as a table. */
export function parseNameList(text: string, trimEnd = false): string[] {
  return text
    .split('\n')
    .map((l) => (trimEnd ? l.trimEnd() : l))
    .filter((l) => l.trim() !== '');
}

/** `list --all --uuid --name`: one `UUID NAME` line per domain (the name may hold spaces). */
export function parseUuidNameList(text: string): { uuid: string; name: string }[] {
  const out: { uuid: string; name: string }[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) (.+)$/i.exec(line);
    if (m) out.push({ uuid: m[1], name: m[2] });
  }
  return out;
}

/**
 * Whether virsh could take `name` for a domain ID or UUID: it tries an argument as an ID
 * (strtol: spaces, sign, digits), then as a UUID (32 hex digits, dashes anywhere), and only
 * then as a name. So `virsh destroy 1` stops the domain with ID 1, whatever is named "1".
 */
export function domainNameIsAmbiguous(name: string): boolean {
  if (/^\s*\+?\d+$/.test(name)) return true;
  const hex = name.trim().replace(/-/g, '');
  return /^[0-9a-f]{32}$/i.test(hex);
}

/** Display width of one code point as glibc's wcwidth gives it (what virsh's tables pad by). */
export function codePointWidth(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (cp === 0x200d || /\p{Mn}|\p{Me}/u.test(ch) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd) ||
    /\p{Emoji_Presentation}/u.test(ch)
  )
    return 2;
  return 1;
}

/** virsh's tables write `\` and unprintable bytes as `\xNN`; this undoes it. */
export function decodeTableCell(cell: string): string {
  if (!cell.includes('\\x')) return cell;
  const bytes: number[] = [];
  for (let k = 0; k < cell.length;) {
    const m = /^\\x([0-9a-fA-F]{2})/.exec(cell.slice(k, k + 4));
    if (m) {
      bytes.push(parseInt(m[1], 16));
      k += 4;
    } else {
      const cp = cell.codePointAt(k) ?? 0;
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      k += cp > 0xffff ? 2 : 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Parses `vol-list POOL`: a table whose first column is padded (by display width) to the
 * column where the header's `Path` starts. Names with spaces, CJK and emoji survive; trailing
 * spaces of a name cannot be told from padding and are lost.
 */
export function parseVolList(text: string): string[] {
  const lines = text.split('\n');
  const headerAt = lines.findIndex((l) => /^\s*Name\s+Path\s*$/.test(l));
  if (headerAt < 0) return [];
  const pathCol = lines[headerAt].indexOf('Path');
  const names: string[] = [];
  for (const row of lines.slice(headerAt + 1)) {
    if (row.trim() === '' || /^-+$/.test(row.trim())) continue;
    let col = 0;
    let cut = -1;
    for (let k = 0; k < row.length;) {
      if (col === pathCol) {
        cut = k;
        break;
      }
      const cp = row.codePointAt(k) ?? 0;
      col += codePointWidth(cp);
      k += cp > 0xffff ? 2 : 1;
    }
    // A width this guess gets wrong: fall back to the first run of three spaces.
    if (cut < 0 || !/ {3}$/.test(row.slice(0, cut))) {
      const m = / {3,}(?=\S)/.exec(row.slice(1));
      cut = m ? m.index + 1 + m[0].length : row.length;
    }
    names.push(decodeTableCell(row.slice(1, cut).trimEnd()));
  }
  return names;
}
