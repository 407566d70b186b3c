// The event streams against the installed libvirt: every event type VirtKit follows is one
// that this virsh lists (`net-event --list`, `pool-event --list`: drift shows here), and the
// watchers parse what the real daemon sends for a network and a pool with hostile names.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STREAMS, LibvirtEventWatcher, type LibvirtEvent } from '../../src/core/libvirt/events';
import { runProcess } from '../../src/core/process/runProcess';
import { libvirtUri, uniqueName, virsh } from './guests';

describe('libvirt event streams on a real libvirtd', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-events-'));
  const pool = uniqueName(`vk evt pool "q" $(x); 池 🚀: Started`);
  const network = uniqueName(`vk evt net 'q' $(x); 网 🚀`);
  const watchers: LibvirtEventWatcher[] = [];
  after(async () => {
    for (const w of watchers) w.dispose();
    await virsh('pool-undefine', '--pool', pool).catch(() => undefined);
    await virsh('net-undefine', '--network', network).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('follows only event types this virsh lists', async () => {
    for (const s of EVENT_STREAMS) {
      const at = s.args.indexOf('--event');
      if (at < 0) {
        assert.deepEqual(s.args, ['event', '--loop', '--all']);
        continue;
      }
      const listed = (await virsh(s.args[0], '--list')).split('\n').map((l) => l.trim());
      assert.ok(listed.includes(s.args[at + 1]), `${s.args.join(' ')}: virsh lists ${listed.join(', ')}`);
    }
  });

  it('reads network and pool events as the daemon sends them', async () => {
    const seen: LibvirtEvent[] = [];
    for (const stream of EVENT_STREAMS.filter((s) => s.source !== 'domain'))
      watchers.push(
        new LibvirtEventWatcher(
          libvirtUri(),
          { onEvent: (e) => seen.push(e), onDown: () => undefined, onUp: () => undefined },
          { stream },
        ),
      );
    await new Promise((r) => setTimeout(r, 2000));
    const file = join(dir, 'network.xml');
    const xmlName = network.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    writeFileSync(file, `<network><name>${xmlName}</name><bridge name='vkevt${process.pid % 100000}'/></network>`);
    await virsh('net-define', file);
    await virsh('pool-define-as', '--name', pool, '--type', 'dir', '--target', join(dir, 'pool'));
    await virsh('pool-build', '--pool', pool);
    await virsh('pool-start', '--pool', pool);
    await virsh('pool-refresh', '--pool', pool);
    await virsh('pool-destroy', '--pool', pool);
    const want = [
      { source: 'network', type: 'lifecycle', name: network, detail: 'Defined' },
      { source: 'pool', type: 'lifecycle', name: pool, detail: 'Defined' },
      // pool-build
      { source: 'pool', type: 'lifecycle', name: pool, detail: 'Created' },
      { source: 'pool', type: 'lifecycle', name: pool, detail: 'Started' },
      { source: 'pool', type: 'refresh', name: pool, detail: '' },
      { source: 'pool', type: 'lifecycle', name: pool, detail: 'Stopped' },
    ];
    const deadline = Date.now() + 10_000;
    const mine = () => seen.filter((e) => e.name === network || e.name === pool);
    while (mine().length < want.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // One process per stream: the order across streams is not guaranteed, the set is.
    const sorted = (events: object[]) => events.map((e) => JSON.stringify(e)).sort();
    assert.deepEqual(sorted(mine()), sorted(want));
  });

  it('hands over to a successor before each lifetime ends: no gap, no failure', async () => {
    const seen: LibvirtEvent[] = [];
    const log: string[] = [];
    const pids = new Set<number>();
    const w = new LibvirtEventWatcher(
      libvirtUri(),
      {
        onEvent: (e) => seen.push(e),
        onDown: (reason) => log.push(`down ${reason}`),
        onUp: () => undefined,
        onRestart: () => log.push('restart'),
      },
      // Lives 2 s; the successor starts after 1 s.
      { stream: EVENT_STREAMS[1], lifetimeS: 2 },
    );
    watchers.push(w);
    await new Promise((r) => setTimeout(r, 700));
    // Each process carries the lifetime as virsh's own --timeout.
    const args = (await runProcess('ps', ['-o', 'args=', '-p', String(w.pid)], { timeoutMs: 5000 })).stdout;
    assert.match(args, /net-event --loop --event lifecycle --timeout 2/);
    // Networks defined and undefined one after another for 3.5 s, across three handovers.
    const names: string[] = [];
    const end = Date.now() + 3500;
    for (let k = 0; Date.now() < end; k++) {
      if (w.pid) pids.add(w.pid);
      const name = `${uniqueName('vk-evt-hand')}-${k}`;
      const file = join(dir, 'hand.xml');
      writeFileSync(file, `<network><name>${name}</name></network>`);
      await virsh('net-define', file);
      await virsh('net-undefine', '--network', name);
      names.push(name);
    }
    await new Promise((r) => setTimeout(r, 500));
    const defined = new Set(seen.filter((e) => e.detail === 'Defined').map((e) => e.name));
    assert.deepEqual(
      names.filter((n) => !defined.has(n)),
      [],
      `missed (of ${names.length}, processes ${[...pids].join(', ')})`,
    );
    assert.ok(pids.size >= 3, `one process after another: ${[...pids].join(', ')}`);
    assert.deepEqual(log, [], 'no failure, no restart after a gap');
  });
});
