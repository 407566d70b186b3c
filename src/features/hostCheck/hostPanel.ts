import * as os from 'node:os';
import * as vscode from 'vscode';
import { machineText } from '../../core/host/machineText';
import { probeHost, probeTarget } from '../../core/host/probe';
import type { HostReport } from '../../core/host/types';
import { HOST_LABELS } from '../../core/hostView/hostLabels';
import { hostdevXml } from '../../core/hostView/hostDeepView';
import { buildHostView, hostViewToMarkdown, type HostView } from '../../core/hostView/hostView';
import { loadKnowledge } from '../../shared/knowledge';
import { webviewOptions, webviewPage } from '../../shared/webview';
import { contentLang, SECTION } from '../../shared/settings';
import { parsePageToHost, type HostToPage } from './hostProtocol';

export const HOST_VIEW_TYPE = 'virtkit.hostCheck';

/**
 * Probes the machine this extension host runs on (the remote one in a remote window), or the
 * copied tree at an absolute `root` (a relative one is refused: the report says so).
 */
export async function probeThisHost(options: { root?: string } = {}): Promise<HostReport> {
  const report = await probeHost({ ...options, lang: contentLang(), untrustedDirs: untrustedDirs() });
  // Only a probe of this machine names the remote; a probed root is some other tree.
  if (probeTarget(options.root).kind === 'machine') {
    report.host.remoteName = vscode.env.remoteName ?? null;
    report.host.hostname ??= machineText(os.hostname()) || null;
  }
  return report;
}

/**
 * In Restricted Mode, the folders whose programs the probe must not run: the workspace folders
 * and the folder of a workspace file. The probe runs `--version` of the tools it finds in the
 * extension host's PATH; an absolute PATH entry can still point into a cloned repository (a
 * `bin/` that direnv or a shell profile added), and its `qemu-img` would then run just because
 * the host check was opened. Undefined in a trusted window.
 */
export function untrustedDirs(): string[] | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const uris = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
  const file = vscode.workspace.workspaceFile;
  if (file && file.scheme !== 'untitled') uris.push(vscode.Uri.joinPath(file, '..'));
  // Any scheme: a remote window's folders are paths on the machine this host runs on.
  return uris.map((u) => (u.scheme === 'file' ? u.fsPath : u.path));
}

/**
 * The tree the panel probes: the `virtkit.hostCheck.root` setting, or undefined for this
 * machine. In Restricted Mode the setting is ignored wherever it is set: a cloned repository
 * must not decide what the report describes (the manifest also declares it restricted, so
 * VS Code drops a workspace value; this check drops a user value too, as the validator does
 * with its executable path).
 */
export function configuredRoot(): string | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const root = vscode.workspace.getConfiguration(SECTION).get<string>('hostCheck.root')?.trim();
  return root ? root : undefined;
}

/**
 * The one host-check panel. The page asks for data with `ready`; the host probes and posts
 * the view. Reopened after a reload by the serializer, which simply probes again.
 */
export class HostPanel implements vscode.Disposable {
  private static current: HostPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private report: HostReport | undefined;
  private view: HostView | undefined;
  private probing: Promise<void> | undefined;

  static show(extensionUri: vscode.Uri, openConcept: (id: string) => unknown): HostPanel {
    if (HostPanel.current) {
      HostPanel.current.panel.reveal();
      void HostPanel.current.refresh();
      return HostPanel.current;
    }
    const title = HOST_LABELS[contentLang()].title;
    const panel = vscode.window.createWebviewPanel(
      HOST_VIEW_TYPE,
      title,
      vscode.ViewColumn.Active,
      webviewOptions(extensionUri),
    );
    return (HostPanel.current = new HostPanel(panel, extensionUri, openConcept));
  }

  static registerSerializer(extensionUri: vscode.Uri, openConcept: (id: string) => unknown): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(HOST_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        panel.webview.options = webviewOptions(extensionUri);
        HostPanel.current?.dispose();
        HostPanel.current = new HostPanel(panel, extensionUri, openConcept);
      },
    });
  }

  /** Re-renders the open panel in the current language. */
  static relocalize(): void {
    const p = HostPanel.current;
    if (!p?.report) return;
    p.panel.title = HOST_LABELS[contentLang()].title;
    void p.refresh();
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly openConcept: (id: string) => unknown,
  ) {
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw)),
    );
    panel.webview.html = this.html();
  }

  private post(message: HostToPage): void {
    void this.panel.webview.postMessage(message);
  }

  /** The report the panel shows once its current probe (or a new one) is done. */
  async shownReport(): Promise<HostReport | undefined> {
    await (this.probing ?? this.refresh());
    return this.report;
  }

  private refresh(): Promise<void> {
    // One probe at a time: a second refresh while probing waits for the first.
    this.probing ??= (async () => {
      this.post({ type: 'probing', text: HOST_LABELS[contentLang()].probing });
      try {
        this.report = await probeThisHost({ root: configuredRoot() });
        this.view = buildHostView(this.report, await loadKnowledge(), contentLang());
        this.post({ type: 'view', view: this.view });
      } finally {
        this.probing = undefined;
      }
    })();
    return this.probing;
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parsePageToHost(raw);
    if (!msg) {
      console.warn('[virtkit] ignored an unknown message from the host-check page');
      return;
    }
    switch (msg.type) {
      case 'ready':
        // The page (new, or reloaded by VS Code) asks for what to show: the view the panel
        // already has, or the probe under way, not a second probe.
        if (this.view && !this.probing) return this.post({ type: 'view', view: this.view });
        return this.probing ?? this.refresh();
      case 'refresh':
        return this.refresh();
      case 'copyMarkdown':
        if (this.view) {
          await vscode.env.clipboard.writeText(hostViewToMarkdown(this.view));
          vscode.window.setStatusBarMessage(vscode.l10n.t('Host report copied as Markdown.'), 3000);
        }
        return;
      case 'saveJson':
        return this.saveJson();
      case 'openConcept':
        if ((await loadKnowledge()).get(msg.id)) this.openConcept(msg.id);
        return;
      case 'copyHostdev':
        return this.copyHostdev(msg.address);
    }
  }

  /** Copies the <hostdev> of a device the shown report lists (never of an address the page invents). */
  private async copyHostdev(address: string): Promise<void> {
    const listed = this.report?.passthrough?.groups.some((g) => g.devices.some((d) => d.address === address));
    const xml = listed ? hostdevXml(address) : null;
    if (!xml) return;
    await vscode.env.clipboard.writeText(xml + '\n');
    vscode.window.setStatusBarMessage(vscode.l10n.t('libvirt <hostdev> for {0} copied.', address), 3000);
  }

  private async saveJson(): Promise<void> {
    if (!this.report) return;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `host-report-${this.report.host.hostname ?? 'machine'}.json`.replace(/[^\w.-]+/g, '_');
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { JSON: ['json'] },
      title: vscode.l10n.t('Save the host report as JSON'),
    });
    if (!target) return;
    try {
      await vscode.workspace.fs.writeFile(
        target,
        new TextEncoder().encode(JSON.stringify(this.report, null, 2) + '\n'),
      );
    } catch (e) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Could not save the host report: {0}', e instanceof Error ? e.message : String(e)),
      );
    }
  }

  private html(): string {
    const lang = contentLang();
    return webviewPage(this.panel.webview, this.extensionUri, {
      lang,
      title: HOST_LABELS[lang].title,
      asset: 'host',
      body: '<main id="root" aria-live="polite" aria-busy="true"></main>',
    });
  }

  dispose(): void {
    if (HostPanel.current === this) HostPanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
