// Small helpers for the libvirt objects the real-libvirt suites create (beside the TCG guests
// of test/libvirt/guests.ts): isolated networks and cleanup that does not mind a missing object.
import { createHash } from 'node:crypto';
import { xmlText } from '../../libvirt/guestXml.mjs';
import { virsh } from '../../libvirt/guests';

export { xmlText };

/** An isolated bridge name derived from a network's name (Linux allows 15 characters). */
export const bridgeFor = (name: string) => `vk${createHash('sha256').update(name).digest('hex').slice(0, 11)}`;

/** A network with no `<forward>` and no addresses: a bridge of its own, no NAT, no DHCP. */
export const networkXml = (name: string) =>
  `<network><name>${xmlText(name)}</name><bridge name='${bridgeFor(name)}'/></network>\n`;

/** virsh for cleanup: an object that is already gone is fine. */
export async function quietly(...args: string[]): Promise<void> {
  try {
    await virsh(...args);
  } catch {
    /* already gone */
  }
}
