// The QEMU installed where the extension runs (the desktop, or the remote machine of an SSH /
// WSL / container window), so that completion and checks match the QEMU that will run the line,
// not the one the bundled data came from. Per architecture:
//  - `qemu-system-<arch>` is looked up on PATH by a file-system check (nothing starts when it is
//    absent);
//  - its `-version` is compared with the bundled data's: the same version and package means the
//    bundled data already says what it would say, and nothing more runs;
//  - otherwise its own answers are captured once (src/core/qemu/capture.ts, about 5 s of QEMU
//    runs, two at a time) and kept in a cache file named after the binary, its version and its
//    modification time, so the next window reads the file instead.
// The caller decides whether running QEMU is allowed at all (a trusted workspace).
import { createHash } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { runProcess } from '../process/runProcess';
import { captureQemu, compactQemuData } from './capture';
import { parseQemuData, type QemuArch, type QemuData } from './data';

export type InstalledQemuState =
  /** No qemu-system-<arch> on PATH. */
  | 'absent'
  /** Installed, and the same version and package as the bundled data: the bundled data is its answer. */
  | 'same'
  /** Installed, another version: its answers are being captured. */
  | 'capturing'
  /** Installed, another version: its own answers are in use. */
  | 'installed'
  /** Installed, but asking it failed: the bundled data stays in use. */
  | 'failed';

export interface InstalledQemuStatus {
  readonly arch: QemuArch;
  readonly state: InstalledQemuState;
  /** The binary found on PATH. */
  readonly binary?: string;
  /** Its version (`8.2.2`) and distribution package, from `-version`. */
  readonly version?: string;
  readonly package?: string;
  /** Why asking it failed. */
  readonly error?: string;
}

export interface InstalledQemuOptions {
  /** The PATH to search (the extension host's own). */
  readonly searchPath: string;
  /** A folder of this extension's own where captures are cached. */
  readonly cacheDir: string;
  /** The bundled data of an architecture, to compare versions with and to take option names from. */
  readonly bundled: (arch: QemuArch) => QemuData | undefined;
  /** Called when an architecture's state changes (a capture finished or failed). */
  readonly onChange?: (status: InstalledQemuStatus) => void;
  readonly signal?: AbortSignal;
}

/**
 * Finds an executable file named `name` in the absolute folders of `searchPath`. A relative
 * entry (".", "bin", an empty one) resolves against the working directory, which can be the
 * workspace: a QEMU a cloned repository put there must never be run (as runProcess's lookup).
 */
export async function findOnPath(name: string, searchPath: string): Promise<string | undefined> {
  for (const dir of searchPath.split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    try {
      const st = await fs.stat(candidate);
      if (!st.isFile()) continue;
      await fs.access(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** `QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)` → version and package. */
export function parseQemuVersion(text: string): { version: string; package: string } | undefined {
  const m = /version (\d+\.\d+\.\d+)(?: \(([^)]*)\))?/.exec(text);
  return m ? { version: m[1]!, package: m[2] ?? '' } : undefined;
}

export class InstalledQemu {
  private readonly statuses = new Map<QemuArch, InstalledQemuStatus>();
  private readonly datas = new Map<QemuArch, QemuData>();
  private readonly pending = new Map<QemuArch, Promise<InstalledQemuStatus>>();

  constructor(private readonly options: InstalledQemuOptions) {}

  /** What is known so far about an architecture's installed QEMU (undefined: not asked yet). */
  status(arch: QemuArch): InstalledQemuStatus | undefined {
    return this.statuses.get(arch);
  }

  /** The installed QEMU's own data, once captured or read from the cache. */
  data(arch: QemuArch): QemuData | undefined {
    return this.datas.get(arch);
  }

  /** Finds, compares and, when needed, captures, once per architecture; never rejects. */
  ensure(arch: QemuArch): Promise<InstalledQemuStatus> {
    let p = this.pending.get(arch);
    if (!p) {
      p = this.resolve(arch).catch((e: unknown) => this.set({ arch, state: 'failed', error: String(e) }));
      this.pending.set(arch, p);
    }
    return p;
  }

  private set(status: InstalledQemuStatus): InstalledQemuStatus {
    this.statuses.set(status.arch, status);
    this.options.onChange?.(status);
    return status;
  }

  private async resolve(arch: QemuArch): Promise<InstalledQemuStatus> {
    const binary = await findOnPath(`qemu-system-${arch}`, this.options.searchPath);
    if (!binary) return this.set({ arch, state: 'absent' });
    const signal = this.options.signal;
    const r = await runProcess(binary, ['-version'], {
      timeoutMs: 10_000,
      maxOutputBytes: 4096,
      env: { LC_ALL: 'C' },
      ...(signal ? { signal } : {}),
    });
    const v = r.code === 0 ? parseQemuVersion(r.stdout) : undefined;
    if (!v) return this.set({ arch, state: 'failed', binary, error: r.failure ?? r.stderr.trim().slice(0, 300) });
    const found = { arch, binary, version: v.version, package: v.package };
    const bundled = this.options.bundled(arch);
    if (bundled && bundled.version === v.version && bundled.package === v.package)
      return this.set({ ...found, state: 'same' });

    const st = await fs.stat(binary);
    const key = createHash('sha256').update(`${binary}\n${v.version}\n${v.package}\n${st.mtimeMs}`).digest('hex');
    const cacheFile = join(this.options.cacheDir, `qemu-${arch}-${v.version}-${key.slice(0, 16)}.json`);
    try {
      this.datas.set(arch, parseQemuData(await fs.readFile(cacheFile, 'utf8')));
      return this.set({ ...found, state: 'installed' });
    } catch {
      /* not captured yet */
    }
    this.set({ ...found, state: 'capturing' });
    // Options -help does not print are found by asking QEMU about the ones the bundled data
    // marks hidden, as the capture script asks about the ones the hover content names.
    const hidden = Object.entries(bundled?.options ?? {})
      .filter(([, o]) => (o as { hidden?: boolean }).hidden)
      .map(([name]) => name);
    const captured = await captureQemu(binary, { optionCandidates: hidden, ...(signal ? { signal } : {}) });
    const json = JSON.stringify({ captured: new Date().toISOString().slice(0, 10), ...compactQemuData(captured) });
    await fs.mkdir(this.options.cacheDir, { recursive: true });
    // Written whole under a temporary name, then renamed: another window never reads half a file.
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    await fs.writeFile(tmp, json);
    await fs.rename(tmp, cacheFile);
    this.datas.set(arch, parseQemuData(json));
    return this.set({ ...found, state: 'installed' });
  }
}
