// The QEMU installed where the window runs, through the API in the real extension host (a
// trusted workspace): compared with the bundled data for both architectures, and the version it
// reports is the one the program prints.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { VirtKitApi } from '../../src/extension';
import { QEMU_ARCHES } from '../../src/core/qemu/data';
import { activateExtension } from './util';

describe('the installed QEMU (API)', function () {
  this.timeout(120_000);
  for (const arch of QEMU_ARCHES) {
    it(`qemu-system-${arch}: found on PATH, its version compared with the bundled data`, async () => {
      const api = (await activateExtension()).exports as unknown as VirtKitApi;
      const printed = /version (\d+\.\d+\.\d+)/.exec(
        execFileSync(`qemu-system-${arch}`, ['-version'], { encoding: 'utf8' }),
      )?.[1];
      const r = await api.inspectQemu(arch);
      assert.ok(r.state === 'same' || r.state === 'installed', JSON.stringify(r));
      if (r.state === 'same' || r.state === 'installed') {
        assert.equal(r.version, printed);
        assert.match(r.binary ?? '', new RegExp(`/qemu-system-${arch}$`));
      }
    });
  }
});
