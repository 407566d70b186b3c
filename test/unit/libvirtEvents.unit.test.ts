// The parser of virsh's event lines, on lines as libvirt 9.0's virsh printed them for objects
// with hostile names (quotes, `$()`, `;`, CJK, emoji, `: ` inside the name); the watcher's
// restarts with a stand-in virsh (a failure, a driver without the event, a lifetime ending).
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STREAMS, LibvirtEventWatcher, parseEventLine } from '../../src/core/libvirt/events';

const name = `vk ev 'q' $(x); 域 🚀 7309`;

describe('libvirt event lines', () => {
  it('reads domain events, the name between quotes', () => {
    assert.deepEqual(parseEventLine(`event 'lifecycle' for domain '${name}': Started Booted`), {
      source: 'domain',
      type: 'lifecycle',
      name,
      detail: 'Started Booted',
    });
    assert.deepEqual(parseEventLine(`event 'reboot' for domain '${name}'`), {
      source: 'domain',
      type: 'reboot',
      name,
      detail: '',
    });
  });

  it('reads network and pool lifecycle events, the name without quotes', () => {
    assert.deepEqual(parseEventLine(`event 'lifecycle' for network ${name}: Defined`), {
      source: 'network',
      type: 'lifecycle',
      name,
      detail: 'Defined',
    });
    assert.deepEqual(parseEventLine(`event 'lifecycle' for storage pool a: b: Stopped`), {
      source: 'pool',
      type: 'lifecycle',
      name: 'a: b',
      detail: 'Stopped',
    });
  });

  it('reads a pool refresh (no detail: the whole rest is the name)', () => {
    assert.deepEqual(parseEventLine(`event 'refresh' for storage pool ${name}: x`), {
      source: 'pool',
      type: 'refresh',
      name: `${name}: x`,
      detail: '',
    });
  });

  it('skips a --timestamp prefix and ignores other lines', () => {
    assert.equal(parseEventLine(`2026-12-03 13:50:01.123+0000: event 'lifecycle' for network n: Started`)?.name, 'n');
    assert.equal(parseEventLine('events received: 3'), undefined);
    assert.equal(parseEventLine(''), undefined);
    assert.equal(parseEventLine(`Network ${name} defined`), undefined);
  });

  it('follows domains, networks and pools, each stream a looping virsh event command', () => {
    assert.deepEqual([...new Set(EVENT_STREAMS.map((s) => s.source))].sort(), ['domain', 'network', 'pool']);
    for (const s of EVENT_STREAMS) {
      assert.ok(s.args.includes('--loop'), s.args.join(' '));
      assert.match(s.args[0], /^(event|net-event|pool-event)$/);
    }
  });
});

describe('libvirt event watcher with a stand-in virsh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-fake-virsh-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A virsh that records each run's arguments, prints `stdout`/`stderr` and exits with `code`. */
  const fakeVirsh = (name: string, stdout: string, stderr: string, code: number) => {
    const path = join(dir, name);
    writeFileSync(`${path}.out`, stdout);
    writeFileSync(`${path}.err`, stderr);
    writeFileSync(
      path,
      `#!/bin/sh\necho "$*" >> "${path}.runs"\ncat "${path}.out"\ncat "${path}.err" >&2\nexit ${code}\n`,
    );
    chmodSync(path, 0o755);
    return {
      path,
      runs: () => (existsSync(`${path}.runs`) ? readFileSync(`${path}.runs`, 'utf8').split('\n').filter(Boolean) : []),
    };
  };
  const watch = (virshPath: string, log: string[]) =>
    new LibvirtEventWatcher(
      'qemu:///system',
      {
        onEvent: (e) => log.push(`event ${e.name}`),
        onDown: (reason, retry) => log.push(`down ${reason} ${retry}`),
        onUp: () => log.push('up'),
        onRestart: () => log.push('restart'),
      },
      { virshPath, stream: EVENT_STREAMS[1], upAfterMs: 10_000, backoff: () => 50, lifetimeS: 300 },
    );
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('runs the stream with its lifetime as --timeout, and restarts after a failure', async () => {
    const v = fakeVirsh('failing', `event 'lifecycle' for network n1: Started\n`, 'error: Failed to connect socket', 1);
    const log: string[] = [];
    const w = watch(v.path, log);
    await sleep(400);
    w.dispose();
    assert.ok(v.runs().length >= 2, v.runs().join('\n'));
    assert.equal(v.runs()[0], '-c qemu:///system net-event --loop --event lifecycle --timeout 300');
    assert.deepEqual(log.slice(0, 2), ['event n1', 'down Failed to connect socket 50']);
  });

  it('leaves off a stream the driver does not support (no retry, not down)', async () => {
    const v = fakeVirsh(
      'unsupported',
      '',
      'error: this function is not supported by the connection driver: virConnectNetworkEventRegisterAny',
      1,
    );
    const log: string[] = [];
    const w = watch(v.path, log);
    await sleep(400);
    w.dispose();
    assert.equal(v.runs().length, 1);
    assert.deepEqual(log, []);
  });

  it('starts the next process at once when a lifetime ended, without reporting a failure', async () => {
    const v = fakeVirsh('timedout', 'event loop timed out\nevents received: 0\n', '', 1);
    const log: string[] = [];
    const w = watch(v.path, log);
    await sleep(300);
    w.dispose();
    assert.ok(v.runs().length >= 2, v.runs().join('\n'));
    assert.ok(log.length >= 1 && log.every((l) => l === 'restart'), log.join('; '));
  });
});
