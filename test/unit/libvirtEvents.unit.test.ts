// The parser of virsh's event lines, on lines as libvirt 9.0's virsh printed them for objects
// with hostile names (quotes, `$()`, `;`, CJK, emoji, `: ` inside the name).
import * as assert from 'node:assert/strict';
import { EVENT_STREAMS, parseEventLine } from '../../src/core/libvirt/events';

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
