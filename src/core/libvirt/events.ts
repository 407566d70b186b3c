// libvirt's event stream, read from `virsh -c URI event --loop --all` (domain events: libvirt
// has no one stream for networks and pools; VirtKit refreshes after its own actions on those).
// One process per connection; when it ends (daemon stopped, SSH dropped) the connection is
// reported down and the process is started again with a growing delay until it stays up.
import { streamProcess, type StreamHandle } from '../process/streamProcess';
import { batchUri, classifyFailure } from './virshClient';

export interface LibvirtEvent {
  /** libvirt's event type: `lifecycle`, `reboot`, `device-added`, … */
  readonly type: string;
  readonly domain: string;
  /** The rest of the line (`Started Booted`, `Stopped Destroyed`, …). */
  readonly detail: string;
}

/**
 * One line of `virsh event` output: `event 'lifecycle' for domain 'NAME': Started Booted`.
 * Other lines (`events received: 3`, blank lines) give undefined.
 */
export function parseEventLine(line: string): LibvirtEvent | undefined {
  const m = /^(?:\S+ \S+: )?event '([^']+)' for domain '(.*)'(?:: (.*))?$/.exec(line.trimEnd());
  if (!m) return undefined;
  return { type: m[1], domain: m[2], detail: m[3] ?? '' };
}

/** Whether a connection gets an event process: not the test driver (nothing outlives a virsh). */
export function watchable(uri: string): boolean {
  return !/^test(\+[a-z]+)?:/i.test(uri.trim());
}

/** Delay before restart number `attempt` (0-based): 1 s, 2 s, 4 s, … at most 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 15)));
}

/** Why the event process ended, in virsh's words (its last error lines), or a plain fallback. */
export function exitReason(exit: { code: number | null; stderr: string; failure?: string }): string {
  if (exit.failure === 'not-found') return 'virsh was not found';
  const classified = classifyFailure({ code: exit.code, stdout: '', stderr: exit.stderr, truncated: false });
  if (classified) return classified.message;
  const lines = exit.stderr
    .split('\n')
    .map((l) => l.trim().replace(/^error:\s*/, ''))
    .filter((l) => l !== '');
  return lines.join(' ') || `virsh event exited (code ${exit.code ?? 'signal'})`;
}

export interface WatcherCallbacks {
  /** A domain event arrived. */
  onEvent(event: LibvirtEvent): void;
  /** The stream ended (or could not start); a restart is scheduled after `retryInMs`. */
  onDown(reason: string, retryInMs: number): void;
  /** The stream has stayed up for `upAfterMs` after a start (first start included). */
  onUp(): void;
}

export interface WatcherOptions {
  readonly virshPath?: string;
  /** How long a fresh process must live to count as connected (default 1 500 ms). */
  readonly upAfterMs?: number;
  /** Overrides backoffMs (tests). */
  readonly backoff?: (attempt: number) => number;
}

/** Keeps one `virsh event --loop --all` running for `uri` until dispose(). */
export class LibvirtEventWatcher {
  private handle: StreamHandle | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private upTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  private disposed = false;

  constructor(
    readonly uri: string,
    private readonly callbacks: WatcherCallbacks,
    private readonly options: WatcherOptions = {},
  ) {
    this.start();
  }

  /** The pid of the current event process (tests, diagnostics). */
  get pid(): number | undefined {
    return this.handle?.pid;
  }

  private start(): void {
    if (this.disposed) return;
    const startedAt = Date.now();
    let up = false;
    const upTimer = (this.upTimer = setTimeout(() => {
      up = true;
      this.attempt = 0;
      this.callbacks.onUp();
    }, this.options.upAfterMs ?? 1500));
    this.handle = streamProcess(
      this.options.virshPath ?? 'virsh',
      ['-c', batchUri(this.uri), 'event', '--loop', '--all'],
      {
        env: { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' },
        onLine: (line) => {
          const event = parseEventLine(line);
          if (event) this.callbacks.onEvent(event);
        },
        onExit: (exit) => {
          clearTimeout(upTimer);
          this.handle = undefined;
          if (this.disposed) return;
          // A process that had been up restarts quickly the first time (a daemon restart).
          if (up || Date.now() - startedAt > 60_000) this.attempt = 0;
          const delay = (this.options.backoff ?? backoffMs)(this.attempt++);
          this.callbacks.onDown(exitReason(exit), delay);
          this.timer = setTimeout(() => this.start(), delay);
        },
      },
    );
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.upTimer) clearTimeout(this.upTimer);
    this.handle?.dispose();
    this.handle = undefined;
  }
}
