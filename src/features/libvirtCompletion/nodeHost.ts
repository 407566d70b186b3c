// What the Node extension host adds to libvirt completion: virsh, to ask the host which values
// it supports. (The web worker imports none of this.)
import { batchUri } from '../../core/libvirt/batchUri';
import { runProcess } from '../../core/process/runProcess';
import type { VirshRunner } from './hostValues';

/** Only libvirt URIs (`qemu:///system`, `qemu+ssh://host/system`): never an option in disguise. */
const LIBVIRT_URI = /^[a-z][a-z0-9+.-]*:\/\/[^\s]*$/i;

export const nodeVirshRunner: VirshRunner = async (uri, args) => {
  if (!LIBVIRT_URI.test(uri)) return undefined;
  const r = await runProcess('virsh', ['-c', batchUri(uri), ...args], {
    timeoutMs: 10_000,
    maxOutputBytes: 2 * 1024 * 1024,
    env: { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', LANGUAGE: '' },
  });
  return r.code === 0 && !r.truncated ? r.stdout : undefined;
};
