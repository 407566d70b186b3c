// Which /proc/cpuinfo names the probe reports as present or absent. They come from
// content/cpu-flags.yaml, the one list of virtualization flags (it also explains each), so
// the probe, the panel and the hovers can never disagree about a flag.
import { cpuFlagLines } from 'virtkit:cpu-flags';

export interface KnownFlags {
  /** Intel names in the `flags` line. */
  intel: readonly string[];
  /** AMD names in the `flags` line (AMD's `vnmi` among them, not Intel's). */
  amd: readonly string[];
  /** Names in the `flags` line that mean the same on any x86 vendor. */
  any: readonly string[];
  /** Names in the `vmx flags` line; names not listed are still reported when printed. */
  vmx: readonly string[];
}

let known: KnownFlags | undefined;

/** The lists, built on first use from the bundled content. */
export function knownFlags(): KnownFlags {
  if (known) return known;
  const flags = cpuFlagLines;
  type Flag = (typeof flags)[number];
  const inFlags = (f: Flag) => f.line === 'flags' || f.alsoIn === 'flags';
  const inVmx = (f: Flag) => f.line === 'vmx flags' || f.alsoIn === 'vmx flags';
  const names = (keep: (f: Flag) => boolean) => [...new Set(flags.filter(keep).map((f) => f.flag))];
  return (known = {
    intel: names((f) => inFlags(f) && f.vendor === 'intel'),
    amd: names((f) => inFlags(f) && f.vendor === 'amd'),
    any: names((f) => inFlags(f) && f.vendor === 'any'),
    vmx: names(inVmx),
  });
}
