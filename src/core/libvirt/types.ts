// The read model of a libvirt connection: plain data, shared by the core, the API and the view
// (and importable by the web entry, which cannot run virsh).
import type { VirshFailure } from './virshClient';

/** libvirt's domain states, named as virsh names them (`shut off` → `shutoff`). */
export type DomainState =
  'running' | 'blocked' | 'paused' | 'shutdown' | 'shutoff' | 'crashed' | 'pmsuspended' | 'nostate';

export interface LibvirtDomain {
  readonly name: string;
  readonly uuid: string;
  readonly state: DomainState;
  readonly persistent: boolean;
  readonly autostart: boolean;
  readonly vcpus: number;
  /** Maximum memory. */
  readonly memoryKiB: number;
}

export interface LibvirtNetwork {
  readonly name: string;
  readonly active: boolean;
  readonly autostart: boolean;
  readonly persistent: boolean;
}

export interface LibvirtPool {
  readonly name: string;
  readonly active: boolean;
  readonly autostart: boolean;
  /** Volume names; empty for an inactive pool. */
  readonly volumes: string[];
}

export interface LibvirtInspection {
  readonly uri: string;
  /** `unreachable`: no daemon, refused, or no answer in time; `denied`: not allowed to connect. */
  readonly state: 'connected' | 'unreachable' | 'denied' | 'error';
  /**
   * Finer than `state`: `virsh-missing`, `timeout`, `cancelled`, `no-host-access` (web), the SSH
   * server refusing the login (`ssh-auth`) or ssh not trusting the host's key (`ssh-host-key`), …
   */
  readonly reason?: VirshFailure | 'no-host-access';
  /** The tool's own words when it failed (English, as virsh prints them). */
  readonly message?: string;
  readonly libvirtVersion?: string;
  /** e.g. `QEMU 7.2.0`, `TEST 0.0.2`. */
  readonly hypervisorVersion?: string;
  readonly domains: LibvirtDomain[];
  readonly networks: LibvirtNetwork[];
  readonly pools: LibvirtPool[];
}

/** How long one read may take, and a way to stop it early (its virsh and ssh are killed). */
export interface LibvirtReadOptions {
  /** Milliseconds; default the `virtkit.libvirt.timeoutSeconds` setting (15 s). */
  readonly timeoutMs?: number;
  /** Aborting it ends the read with `reason: 'cancelled'`. */
  readonly signal?: AbortSignal;
}
