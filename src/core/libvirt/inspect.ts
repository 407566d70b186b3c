// What one libvirt connection holds, read with two or three virsh runs whatever its size: one
// for the version and the name lists, one (batched) for the details of every object and the
// volumes of every pool. Never throws: a connection that fails says why in `state`.
import {
  domainNameIsAmbiguous,
  parseInfo,
  parseNameList,
  parseUuidNameList,
  parseVolList,
  quoteVirshArg,
  runVirshBatch,
  type VirshFailure,
  type VirshOptions,
} from './virshClient';
import type { LibvirtDomain, LibvirtInspection, LibvirtNetwork, LibvirtPool, DomainState } from './types';

export type * from './types';

const DOMAIN_STATES: Record<string, DomainState> = {
  running: 'running',
  idle: 'blocked',
  blocked: 'blocked',
  paused: 'paused',
  'in shutdown': 'shutdown',
  'shut off': 'shutoff',
  crashed: 'crashed',
  pmsuspended: 'pmsuspended',
};

function stateOf(failure: VirshFailure): LibvirtInspection['state'] {
  if (failure === 'denied' || failure === 'ssh-auth' || failure === 'ssh-host-key') return 'denied';
  if (failure === 'unreachable' || failure === 'timeout') return 'unreachable';
  return 'error';
}

/** Reads the domains, networks and storage pools (with volumes) of one libvirt URI. */
export async function inspectLibvirt(uri: string, options: VirshOptions = {}): Promise<LibvirtInspection> {
  const empty = { uri, domains: [], networks: [], pools: [] };
  const first = await runVirshBatch(
    uri,
    ['version', 'list --all --uuid --name', 'net-list --all --name', 'pool-list --all --name'],
    options,
  );
  if (first.failure) return { ...empty, state: stateOf(first.failure), reason: first.failure, message: first.message };
  const [version, domainList, networkList, poolList] = first.sections;
  const libvirtVersion = /^Using library: libvirt (\S+)/m.exec(version)?.[1];
  const hypervisorVersion = /^Running hypervisor: (.+)$/m.exec(version)?.[1]?.trim();
  const domainIds = parseUuidNameList(domainList);
  const networkNames = parseNameList(networkList);
  // pool-list --name is printed as a padded table column: trailing spaces are padding.
  const poolNames = parseNameList(poolList, true).map((n) => n.replace(/^ /, ''));

  const commands = [
    // A name virsh would read as an ID or UUID goes by its UUID (`dominfo 1` describes the
    // domain with ID 1, not the one named "1"); other names by name, which also holds on a
    // test:/// node file whose domains get new UUIDs on every connection.
    ...domainIds.map((d) => `dominfo ${quoteVirshArg(domainNameIsAmbiguous(d.name) ? d.uuid : d.name)}`),
    ...networkNames.map((n) => `net-info ${quoteVirshArg(n)}`),
    ...poolNames.flatMap((n) => [`pool-info ${quoteVirshArg(n)}`, `vol-list ${quoteVirshArg(n)}`]),
  ];
  const second = await runVirshBatch(uri, commands, options);
  if (second.failure)
    return {
      ...empty,
      state: stateOf(second.failure),
      reason: second.failure,
      message: second.message,
      libvirtVersion,
      hypervisorVersion,
    };
  const sections = second.sections;
  let k = 0;
  const domains: LibvirtDomain[] = [];
  for (const { uuid, name } of domainIds) {
    const info = parseInfo(sections[k++] ?? '');
    // Gone between the two runs (or unreadable): left out rather than guessed.
    if (!info.has('State')) continue;
    domains.push({
      name: info.get('Name') ?? name,
      uuid: info.get('UUID') ?? uuid,
      state: DOMAIN_STATES[info.get('State') ?? ''] ?? 'nostate',
      persistent: info.get('Persistent') === 'yes',
      autostart: info.get('Autostart') === 'enable',
      vcpus: Number(info.get('CPU(s)') ?? 0),
      memoryKiB: Number(/^(\d+)/.exec(info.get('Max memory') ?? '')?.[1] ?? 0),
    });
  }
  const networks: LibvirtNetwork[] = [];
  for (const name of networkNames) {
    const info = parseInfo(sections[k++] ?? '');
    if (!info.has('Active')) continue;
    networks.push({
      name: info.get('Name') ?? name,
      active: info.get('Active') === 'yes',
      autostart: info.get('Autostart') === 'yes',
      persistent: info.get('Persistent') === 'yes',
    });
  }
  const pools: LibvirtPool[] = [];
  for (const name of poolNames) {
    const info = parseInfo(sections[k++] ?? '');
    const volumes = parseVolList(sections[k++] ?? '');
    if (!info.has('State')) continue;
    pools.push({
      name: info.get('Name') ?? name,
      active: info.get('State') === 'running' || info.get('State') === 'degraded',
      autostart: info.get('Autostart') === 'yes',
      volumes,
    });
  }
  return { uri, state: 'connected', libvirtVersion, hypervisorVersion, domains, networks, pools };
}
