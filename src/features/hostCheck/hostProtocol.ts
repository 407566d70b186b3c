// The host-check page's message protocol, imported by the host (hostPanel.ts) and the page
// (media/src/host.ts). The host never sends markup: it sends the view as data and the page
// builds its DOM with textContent.
import type { HostView } from '../../core/hostView/hostView';

/** Messages the host sends. */
export type HostToPage = { type: 'probing'; text: string } | { type: 'view'; view: HostView };

/** Messages the page sends. */
export type PageToHost =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'copyMarkdown' }
  | { type: 'saveJson' }
  | { type: 'openConcept'; id: string }
  /** Copy the libvirt <hostdev> of one PCI device of the report (the host builds the XML). */
  | { type: 'copyHostdev'; address: string };

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const PCI_ADDRESS = /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;

/** Checks an untrusted message from the page; anything else gives undefined and is ignored. */
export function parsePageToHost(raw: unknown): PageToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'refresh':
    case 'copyMarkdown':
    case 'saveJson':
      return { type: m.type };
    case 'openConcept':
      return typeof m.id === 'string' && ID.test(m.id) ? { type: 'openConcept', id: m.id } : undefined;
    case 'copyHostdev':
      return typeof m.address === 'string' && PCI_ADDRESS.test(m.address)
        ? { type: 'copyHostdev', address: m.address }
        : undefined;
    default:
      return undefined;
  }
}
