// Which validator judges a libvirt document, and with whose schemas. The default is the
// in-process one (libxml2 in WebAssembly): it runs nothing, reads only the document and the
// schemas, and works in every kind of window. Its schemas are this machine's own libvirt
// schemas when the machine has them (a newer or older libvirt is judged by its own rules),
// otherwise the copy shipped with the extension. virt-xml-validate stays as an option.
import * as vscode from 'vscode';
import type { LibvirtSchemaLoader, LibvirtValidator } from '../../core/validation/libvirtValidator';
import type { VirtXmlValidateResult } from '../../core/validation/virtXmlValidate';
import { SECTION } from '../../shared/settings';

/** What the entry point can offer beyond the in-process validator (the Node host only). */
export interface ValidationHost {
  /** Runs virt-xml-validate on text. Absent in the web worker. */
  readonly external?: (text: string, executable: string | undefined) => Promise<VirtXmlValidateResult>;
  /** Where this machine keeps libvirt's schemas, if it may have them. Absent in the web worker. */
  readonly hostSchemaDir?: vscode.Uri;
  /** The version of this machine's libvirt (runs `virsh --version`): only asked in a trusted window. */
  readonly hostLibvirtVersion?: () => Promise<string | undefined>;
}

/** The settings that choose the validator. */
export function validatorSettings() {
  const c = vscode.workspace.getConfiguration(SECTION);
  // The executable setting runs a program: honoured only in a trusted workspace (it is also
  // declared restricted, so VS Code ignores a workspace value there).
  const path = vscode.workspace.isTrusted ? c.get<string>('validation.virtXmlValidatePath')?.trim() : '';
  return {
    enabled: c.get<boolean>('validation.enabled') !== false,
    validator: c.get<string>('validation.validator') === 'virt-xml-validate' ? 'virt-xml-validate' : 'builtin',
    schemas: c.get<string>('validation.schemas') === 'bundled' ? 'bundled' : 'auto',
    executable: path || undefined,
  } as const;
}

const exists = async (uri: vscode.Uri) => {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
};

function fsLoader(schemaDir: vscode.Uri, wasm: vscode.Uri, label: string): LibvirtSchemaLoader {
  return {
    label,
    async read(name) {
      // Bare schema file names only (the core asks for nothing else; this is the second lock).
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*\.rng$/.test(name)) return undefined;
      try {
        return await vscode.workspace.fs.readFile(vscode.Uri.joinPath(schemaDir, name));
      } catch {
        return undefined;
      }
    },
    wasm: async () => vscode.workspace.fs.readFile(wasm),
  };
}

/**
 * The in-process validators, created on first use: nothing of libxml2 or the schemas is
 * loaded before a libvirt document is validated.
 */
export class BuiltinValidators {
  private readonly cache = new Map<string, Promise<LibvirtValidator>>();
  private readonly loaders = new Map<string, Promise<LibvirtSchemaLoader>>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: ValidationHost,
  ) {}

  /** The validator for the current settings and trust. */
  get(schemas: 'auto' | 'bundled'): Promise<LibvirtValidator> {
    const trusted = vscode.workspace.isTrusted;
    const key = `${schemas}:${trusted}`;
    let v = this.cache.get(key);
    if (!v) {
      v = this.create(schemas);
      this.cache.set(key, v);
      v.catch(() => this.cache.delete(key));
    }
    return v;
  }

  private version: Promise<string | undefined> | undefined;

  /** This machine's libvirt version (`virsh --version`), asked once; a trusted window only. */
  private hostVersion(): Promise<string | undefined> {
    this.version ??= this.host.hostLibvirtVersion?.().catch(() => undefined) ?? Promise.resolve(undefined);
    return this.version;
  }

  /**
   * The version of the libvirt that will read documents, when VirtKit speaks for one: this
   * machine's, in a trusted window whose validation uses this machine's schemas or tool.
   * Undefined with the bundled schemas: then no particular libvirt is known to be the reader.
   */
  async readerVersion(schemas: 'auto' | 'bundled', external: boolean): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    const dir = this.host.hostSchemaDir;
    if (external || (schemas === 'auto' && dir && (await exists(vscode.Uri.joinPath(dir, 'domain.rng')))))
      return this.hostVersion();
    return undefined;
  }

  /**
   * The schema files the validator for these settings judges with (the schema model for
   * completion reads the same ones). One loader per settings and trust, so a model built from
   * it can be cached per schema folder.
   */
  loader(schemas: 'auto' | 'bundled'): Promise<LibvirtSchemaLoader> {
    const trusted = vscode.workspace.isTrusted;
    const key = `${schemas}:${trusted}`;
    let l = this.loaders.get(key);
    if (!l) {
      l = this.createLoader(schemas, trusted);
      this.loaders.set(key, l);
      l.catch(() => this.loaders.delete(key));
    }
    return l;
  }

  private async create(schemas: 'auto' | 'bundled'): Promise<LibvirtValidator> {
    const { createLibvirtValidator } = await import('../../core/validation/libvirtValidator');
    return createLibvirtValidator(await this.loader(schemas));
  }

  private async createLoader(schemas: 'auto' | 'bundled', trusted: boolean): Promise<LibvirtSchemaLoader> {
    const wasm = vscode.Uri.joinPath(this.extensionUri, 'dist', 'libxml2.wasm');
    const dir = this.host.hostSchemaDir;
    if (schemas === 'auto' && dir && (await exists(vscode.Uri.joinPath(dir, 'domain.rng')))) {
      // Only a trusted window runs virsh to learn the version; the label says less otherwise.
      const version = trusted ? await this.hostVersion() : undefined;
      const label = version
        ? vscode.l10n.t('libvirt {0} (this machine)', version)
        : vscode.l10n.t('libvirt (this machine)');
      return fsLoader(dir, wasm, label);
    }
    const bundledDir = vscode.Uri.joinPath(this.extensionUri, 'data', 'libvirt-schemas');
    let version = '';
    try {
      const manifest = JSON.parse(
        new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(bundledDir, 'manifest.json'))),
      ) as { libvirt?: unknown };
      version = typeof manifest.libvirt === 'string' ? manifest.libvirt : '';
    } catch {
      // The label then carries no version.
    }
    return fsLoader(bundledDir, wasm, vscode.l10n.t('libvirt {0} (bundled)', version).trim());
  }
}
