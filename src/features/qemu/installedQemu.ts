// The Node host's access to the QEMU installed where the window runs (desktop or remote): QEMU
// is run only in a trusted workspace, with `virtkit.qemu.useInstalledQemu` on, and only when a
// document's command line needs that architecture. Its answers are cached in the extension's
// global storage (src/core/qemu/installed.ts says how).
import * as vscode from 'vscode';
import type { QemuArch } from '../../core/qemu/data';
import { InstalledQemu, type InstalledQemuStatus } from '../../core/qemu/installed';
import { bundledQemuData, type InstalledQemuAccess } from './index';

export type InstalledQemuReport =
  | InstalledQemuStatus
  | {
      readonly arch: QemuArch;
      readonly state: 'not-asked';
      readonly reason: 'untrusted' | 'disabled' | 'no-host-access';
    };

function allowed(): 'untrusted' | 'disabled' | undefined {
  if (!vscode.workspace.isTrusted) return 'untrusted';
  if (!vscode.workspace.getConfiguration('virtkit.qemu').get<boolean>('useInstalledQemu', true)) return 'disabled';
  return undefined;
}

/** The access registerQemuLanguage takes, plus the read model the API returns. */
export function nodeInstalledQemu(context: vscode.ExtensionContext): {
  access: (recheck: () => void) => InstalledQemuAccess;
  inspect: (arch: QemuArch) => Promise<InstalledQemuReport>;
} {
  let core: InstalledQemu | undefined;
  let recheckDocuments: (() => void) | undefined;
  const abort = new AbortController();
  context.subscriptions.push({ dispose: () => abort.abort() });
  const bundled = new Map<QemuArch, Awaited<ReturnType<typeof bundledQemuData>>>();

  const instance = async (arch: QemuArch) => {
    if (!bundled.has(arch)) bundled.set(arch, await bundledQemuData(context.extensionUri, arch));
    core ??= new InstalledQemu({
      searchPath: process.env.PATH ?? '',
      cacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'qemu').fsPath,
      bundled: (a) => bundled.get(a),
      signal: abort.signal,
      onChange: (s) => {
        if (s.state === 'installed') recheckDocuments?.();
        if (s.state === 'failed') console.warn(`VirtKit: the installed QEMU for ${s.arch} did not answer: ${s.error}`);
      },
    });
    return core;
  };
  const ensure = async (arch: QemuArch): Promise<InstalledQemuReport> => {
    const reason = allowed();
    if (reason) return { arch, state: 'not-asked', reason };
    return (await instance(arch)).ensure(arch);
  };
  return {
    access: (recheck) => {
      recheckDocuments = recheck;
      return {
        ask: (arch) => {
          // allowed() names a reason when QEMU must not run; ensure() runs once per architecture.
          if (allowed() === undefined && !core?.status(arch)) void ensure(arch);
        },
        data: (arch) => (allowed() ? undefined : core?.data(arch)),
      };
    },
    inspect: ensure,
  };
}
