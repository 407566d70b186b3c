// Maps a QEMU token under the cursor (see qemuContext.ts) to its reference entry: an option by
// name or alias, or a device / backend / machine type / accelerator by the option that names it.
import { normalizeOption, type QemuToken } from './qemuContext';
import type { QemuEntry } from './types';

export interface QemuMatch {
  /** The entry that describes the hovered text (for an unknown type: the option's entry). */
  entry: QemuEntry;
  /** The entry of the option the token belongs to, when it is not `entry` itself. */
  option?: QemuEntry;
  /** False when the hovered type is unknown and `entry` is the option's entry instead. */
  exact: boolean;
  token: QemuToken;
}

const DEFAULT_USED_WITH: Partial<Record<QemuEntry['kind'], string[]>> = {
  device: ['-device'],
  machine: ['-machine'],
  accel: ['-accel'],
};

export class QemuReference {
  private readonly options = new Map<string, QemuEntry>();
  /** `${option}\u0000${name}` → entry, for every option that names the entry. */
  private readonly named = new Map<string, QemuEntry>();

  constructor(entries: readonly QemuEntry[]) {
    for (const e of entries) {
      if (e.kind === 'option') {
        for (const n of [e.name, ...(e.aliases ?? [])]) if (!this.options.has(n)) this.options.set(n, e);
      }
    }
    for (const e of entries) {
      if (e.kind === 'option') continue;
      const usedWith = e.usedWith ?? DEFAULT_USED_WITH[e.kind] ?? [];
      for (const opt of usedWith) {
        const canonical = this.canonicalOption(opt);
        for (const n of [e.name, ...(e.aliases ?? [])]) {
          const key = `${canonical}\u0000${n}`;
          if (!this.named.has(key)) this.named.set(key, e);
        }
      }
    }
  }

  /** The entry of an option: `-device`, `--device`, `-M` (alias of `-machine`). Case matters (`-m` ≠ `-M`). */
  option(name: string): QemuEntry | undefined {
    return this.options.get(normalizeOption(name));
  }

  /** The device, backend, machine type or accelerator that `option`'s argument names `name`. */
  type(option: string, name: string): QemuEntry | undefined {
    return this.named.get(`${this.canonicalOption(option)}\u0000${name}`);
  }

  lookup(token: QemuToken): QemuMatch | undefined {
    const option = this.option(token.option);
    if (token.kind === 'option') return option ? { entry: option, exact: true, token } : undefined;
    if (token.kind === 'argument') return option ? { entry: option, exact: true, token } : undefined;
    const typeName = token.kind === 'type' ? token.text : token.type;
    const typeOption = token.kind === 'type' ? (token.typeOption ?? token.option) : token.option;
    const entry = typeName !== undefined ? this.type(typeOption, typeName) : undefined;
    if (entry) return option ? { entry, option, exact: true, token } : { entry, exact: true, token };
    return option ? { entry: option, exact: false, token } : undefined;
  }

  /** Option names are stored under their entry's main name (`-M` → `-machine`). */
  private canonicalOption(name: string): string {
    const n = normalizeOption(name);
    return this.options.get(n)?.name ?? n;
  }
}
