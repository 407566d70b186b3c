// libvirt's event streams, read from virsh: `event --loop --all` (domains), `net-event --loop
// --event lifecycle` (networks) and `pool-event --loop --event lifecycle|refresh` (storage
// pools). virsh follows one event type per net-event/pool-event run (`--all` exists for domains
// only), so a connection has one process per stream. When a process ends (daemon stopped, SSH
// dropped) the connection is reported down and the process is started again with a growing
// delay until it stays up.
import { streamProcess, type StreamHandle } from '../process/streamProcess';
import { batchUri, classifyFailure } from './virshClient';

export type EventSource = 'domain' | 'network' | 'pool';

/** One virsh event process: what it follows and its arguments (after `-c URI`). */
export interface EventStream {
  readonly source: EventSource;
  readonly args: readonly string[];
}

/**
 * The streams of a connection. The event types named here are the ones that change what the
 * view shows (state, existence, a pool's volumes); the libvirt tier checks them against
 * `virsh net-event --list` / `pool-event --list` of the installed libvirt.
 */
export const EVENT_STREAMS: readonly EventStream[] = [
  { source: 'domain', args: ['event', '--loop', '--all'] },
  { source: 'network', args: ['net-event', '--loop', '--event', 'lifecycle'] },
  { source: 'pool', args: ['pool-event', '--loop', '--event', 'lifecycle'] },
  { source: 'pool', args: ['pool-event', '--loop', '--event', 'refresh'] },
];

export interface LibvirtEvent {
  readonly source: EventSource;
  /** libvirt's event type: `lifecycle`, `reboot`, `device-added`, `refresh`, … */
  readonly type: string;
  /** The domain, network or pool. */
  readonly name: string;
  /** The rest of the line (`Started Booted`, `Stopped Destroyed`, `Defined`, …). */
  readonly detail: string;
}

/**
 * One line of virsh's event output; other lines (`events received: 3`, blank lines) give
 * undefined. Domains: `event 'lifecycle' for domain 'NAME': Started Booted`; networks and
 * pools name the object without quotes: `event 'lifecycle' for network NAME: Started`,
 * `event 'refresh' for storage pool NAME` (no detail). An optional `--timestamp` prefix is skipped.
 */
export function parseEventLine(line: string): LibvirtEvent | undefined {
  const text = line.trimEnd().replace(/^\S+ \S+: (?=event ')/, '');
  const d = /^event '([^']+)' for domain '(.*)'(?:: (.*))?$/.exec(text);
  if (d) return { source: 'domain', type: d[1], name: d[2], detail: d[3] ?? '' };
  const o = /^event '([^']+)' for (network|storage pool) (.+)$/.exec(text);
  if (!o) return undefined;
  const source = o[2] === 'network' ? 'network' : 'pool';
  // The detail is one word after the last `: ` (lifecycle); `refresh` has none.
  const m = o[1] === 'refresh' ? undefined : /^(.*): (\S+)$/.exec(o[3]);
  return { source, type: o[1], name: m ? m[1] : o[3], detail: m ? m[2] : '' };
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
  /** An event of the stream arrived. */
  onEvent(event: LibvirtEvent): void;
  /** The stream ended (or could not start); a restart is scheduled after `retryInMs`. */
  onDown(reason: string, retryInMs: number): void;
  /** The stream has stayed up for `upAfterMs` after a start (first start included). */
  onUp(): void;
  /**
   * The process reached its own `--timeout` and was started again at once (not a failure):
   * an event in the moment between the two may be missed, so the caller reads again.
   */
  onRestart?(): void;
}

export interface WatcherOptions {
  readonly virshPath?: string;
  /** How long a fresh process must live to count as connected (default 1 500 ms). */
  readonly upAfterMs?: number;
  /** Overrides backoffMs (tests). */
  readonly backoff?: (attempt: number) => number;
  /** Which stream (default: domain events, EVENT_STREAMS[0]). */
  readonly stream?: EventStream;
  /** Seconds each process lives before it is replaced (default LIFETIME_S). */
  readonly lifetimeS?: number;
}

/**
 * How long one event process lives (virsh's own `--timeout`). Why: an extension host that is
 * killed (a crash, a test harness ending the server) cannot stop the process group it started,
 * and `virsh event --loop` never ends by itself while the daemon is up; each such leftover keeps
 * an event registration open in the daemon for good. With a lifetime, a leftover ends by itself.
 * The successor starts before its predecessor ends (HANDOVER_MS), so that one process is always
 * registered: no event falls into a gap, and libvirt never sees its last listener go (libvirt
 * 9.0 can lose its domain event queue when an event comes just as the last listener leaves).
 */
export const LIFETIME_S = 300;
const HANDOVER_MS = 10_000;

/** Keeps one virsh event process (a stream of EVENT_STREAMS) running for `uri` until dispose(). */
export class LibvirtEventWatcher {
  private handle: StreamHandle | undefined;
  /** Predecessors still running out their last seconds after a handover. */
  private readonly retiring = new Set<StreamHandle>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private upTimer: ReturnType<typeof setTimeout> | undefined;
  private successorTimer: ReturnType<typeof setTimeout> | undefined;
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
    const stream = this.options.stream ?? EVENT_STREAMS[0];
    const lifetimeMs = 1000 * Math.max(1, Math.round(this.options.lifetimeS ?? LIFETIME_S));
    let timedOut = false;
    const args = ['-c', batchUri(this.uri), ...stream.args, '--timeout', String(lifetimeMs / 1000)];
    const handle: StreamHandle = streamProcess(this.options.virshPath ?? 'virsh', args, {
      env: { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' },
      onLine: (line) => {
        if (line.trim() === 'event loop timed out') timedOut = true;
        const event = parseEventLine(line);
        if (event) this.callbacks.onEvent(event);
      },
      onExit: (exit) => {
        clearTimeout(upTimer);
        if (this.retiring.delete(handle)) return; // its successor is listening already
        clearTimeout(this.successorTimer);
        this.handle = undefined;
        if (this.disposed) return;
        if (timedOut) {
          // Its lifetime ended before a successor started (timers held up): the next one at
          // once, not a failure; the caller reads again for what the moment between missed.
          this.attempt = 0;
          this.callbacks.onRestart?.();
          this.start();
          return;
        }
        // A driver without this kind of event (`… is not supported by the connection driver`)
        // will not gain it by retrying: that stream stays off, the connection is not down.
        if (/not supported by the connection driver/i.test(exit.stderr)) return;
        // A process that had been up restarts quickly the first time (a daemon restart).
        if (up || Date.now() - startedAt > 60_000) this.attempt = 0;
        const delay = (this.options.backoff ?? backoffMs)(this.attempt++);
        this.callbacks.onDown(exitReason(exit), delay);
        this.timer = setTimeout(() => this.start(), delay);
      },
    });
    this.handle = handle;
    this.successorTimer = setTimeout(
      () => {
        if (this.disposed || this.handle !== handle) return;
        this.retiring.add(handle);
        this.start();
      },
      Math.max(lifetimeMs / 2, lifetimeMs - HANDOVER_MS),
    );
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.upTimer) clearTimeout(this.upTimer);
    if (this.successorTimer) clearTimeout(this.successorTimer);
    this.handle?.dispose();
    this.handle = undefined;
    for (const h of this.retiring) h.dispose();
    this.retiring.clear();
  }
}
