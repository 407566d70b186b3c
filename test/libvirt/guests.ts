// Small real guests for the real-libvirt tier: TCG (`type='qemu'`: KVM with `-cpu host` does not
// start on the project's machines), 128 MiB, a 64 MiB qcow2 scratch disk, a pty serial console
// and VNC on 127.0.0.1. Names carry a random part so parallel runs never meet.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../../src/core/process/runProcess';

export function libvirtUri(): string {
  const uri = process.env.VIRTKIT_TEST_LIBVIRT_URI;
  if (!uri) throw new Error('VIRTKIT_TEST_LIBVIRT_URI is not set: run `npm run test:libvirt`');
  return uri;
}

export function sshUri(): string {
  const uri = process.env.VIRTKIT_TEST_SSH_URI;
  if (!uri) throw new Error('VIRTKIT_TEST_SSH_URI is not set: run `npm run test:libvirt`');
  return uri;
}

export const uniqueName = (prefix: string) => `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/** A scratch qcow2 image in its own temporary folder; `remove()` deletes the folder. */
export function scratchDisk(sizeMiB = 64): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-guest-'));
  // The QEMU process runs as libvirt-qemu: it must be able to reach the folder.
  chmodSync(dir, 0o755);
  const path = join(dir, 'disk.qcow2');
  execFileSync('qemu-img', ['create', '-q', '-f', 'qcow2', path, `${sizeMiB}M`]);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export { tcgDomainXml } from './guestXml.mjs';

/** Runs virsh on the test daemon with an argument list; rejects with its stderr on failure. */
export async function virsh(...args: string[]): Promise<string> {
  const r = await runProcess('virsh', ['-c', libvirtUri(), ...args], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`virsh ${args.join(' ')}: ${r.failure ?? ''} ${r.stderr || r.stdout}`);
  return r.stdout;
}
