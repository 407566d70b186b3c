// What the Node extension host adds to validation: virt-xml-validate as an option, and this
// machine's own libvirt schemas. (The web worker has neither: it imports none of this.)
import * as vscode from 'vscode';
import { runProcess } from '../../core/process/runProcess';
import { validateLibvirtXmlText } from '../../core/validation/virtXmlValidate';
import type { ValidationHost } from './validators';

/** Where Linux distributions install libvirt's schemas (Debian, Fedora, Arch, openSUSE alike). */
const LINUX_SCHEMA_DIR = '/usr/share/libvirt/schemas';

export function nodeValidationHost(): ValidationHost {
  return {
    external: (text, executable) => validateLibvirtXmlText(text, executable ? { executable } : {}),
    ...(process.platform === 'linux' ? { hostSchemaDir: vscode.Uri.file(LINUX_SCHEMA_DIR) } : {}),
    hostLibvirtVersion: async () => {
      const r = await runProcess('virsh', ['--version'], { timeoutMs: 5000, maxOutputBytes: 256 });
      const version = r.code === 0 ? r.stdout.trim() : '';
      return /^\d+\.\d+(\.\d+)?$/.test(version) ? version : undefined;
    },
  };
}
