// inspectLibvirt through the extension's API on a real libvirtd, locally and over SSH.
import * as assert from 'node:assert/strict';
import type { VirtKitApi } from '../../../src/extension';
import { activateExtension } from '../util';
import { libvirtUris } from './env';

describe('inspectLibvirt on a real libvirtd', () => {
  let api: VirtKitApi;
  before(async () => {
    api = (await activateExtension()).exports as unknown as VirtKitApi;
  });

  for (const which of ['local', 'ssh'] as const) {
    it(`connects to the QEMU driver (${which})`, async () => {
      const uri = libvirtUris()[which];
      const r = await api.inspectLibvirt(uri);
      assert.equal(r.state, 'connected', r.message);
      assert.match(r.libvirtVersion ?? '', /^\d+\.\d+\.\d+$/);
      assert.match(r.hypervisorVersion ?? '', /\d+\.\d+/);
    });
  }
});
