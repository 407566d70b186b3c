// The values the connected libvirt host supports, for completion: asked with `virsh
// domcapabilities` and `virsh capabilities` only in a trusted window, on the first connection
// of the user's (or machine's) `virtkit.libvirt.connections`, never a workspace's; kept for a
// few minutes. In the web worker there is no runner and so no host values, without error.
import * as vscode from 'vscode';
import { parseHostValues, type HostValues } from '../../core/libvirtXml/hostValues';
import { SECTION } from '../../shared/settings';

/** Runs `virsh -c URI ARGS…` and resolves to its standard output, or undefined when it failed. */
export type VirshRunner = (uri: string, args: readonly string[]) => Promise<string | undefined>;

const DEFAULT_URI = 'qemu:///system';
/** How long an answer (or a failure) is kept. */
const KEEP_MS = 5 * 60_000;
const KEEP_FAILURE_MS = 60_000;

/** The first connection of the user or machine setting (workspace values are not read). */
export function hostConnection(): string {
  const i = vscode.workspace.getConfiguration(SECTION).inspect<unknown>('libvirt.connections');
  const value = i?.globalValue ?? i?.defaultValue;
  const first = Array.isArray(value)
    ? value.find((v): v is string => typeof v === 'string' && v.trim() !== '')
    : undefined;
  return first?.trim() ?? DEFAULT_URI;
}

export class HostValuesSource {
  private cached: { uri: string; at: number; values: Promise<HostValues | undefined> } | undefined;

  constructor(private readonly run: VirshRunner | undefined) {}

  /** The host's values, or undefined (untrusted window, no runner, unreachable host). */
  get(): Promise<HostValues | undefined> {
    if (!this.run || !vscode.workspace.isTrusted) return Promise.resolve(undefined);
    const uri = hostConnection();
    const now = Date.now();
    if (this.cached && this.cached.uri === uri && now - this.cached.at < KEEP_MS) return this.cached.values;
    const run = this.run;
    const values = (async () => {
      const [domcaps, caps] = await Promise.all([run(uri, ['domcapabilities']), run(uri, ['capabilities'])]);
      return domcaps ? parseHostValues(uri, domcaps, caps) : undefined;
    })().catch(() => undefined);
    const entry = { uri, at: now, values };
    this.cached = entry;
    // A failure is asked again sooner than an answer.
    void values.then((v) => {
      if (!v && this.cached === entry) entry.at = now - KEEP_MS + KEEP_FAILURE_MS;
    });
    return values;
  }

  forget(): void {
    this.cached = undefined;
  }
}
