import * as vscode from 'vscode';
import {
  detectLibvirtDocumentKind,
  validateLibvirtXmlText,
  type VirtXmlValidateResult,
} from '../../core/validation/virtXmlValidate';
import { SECTION } from '../../shared/settings';

const TOOL_HINT_SHOWN = 'virtkit.validation.toolHintShown';

function settings() {
  const c = vscode.workspace.getConfiguration(SECTION);
  // The executable setting runs a program: honoured only in a trusted workspace (it is also
  // declared restricted, so VS Code ignores a workspace value there).
  const path = vscode.workspace.isTrusted ? c.get<string>('validation.virtXmlValidatePath')?.trim() : '';
  return { enabled: c.get<boolean>('validation.enabled') !== false, executable: path || undefined };
}

function toDiagnostics(document: vscode.TextDocument, result: VirtXmlValidateResult): vscode.Diagnostic[] {
  if (result.status === 'refused-doctype') {
    const start = new vscode.Position(result.line - 1, result.column - 1);
    const d = new vscode.Diagnostic(
      new vscode.Range(start, start.translate(0, '<!DOCTYPE'.length)),
      vscode.l10n.t(
        'Not validated: this document declares a DOCTYPE or an entity. libvirt never uses them, and they can make an XML tool fetch addresses or read local files, so VirtKit does not pass such a document to any validator. Remove the declaration to have it checked.',
      ),
      vscode.DiagnosticSeverity.Warning,
    );
    d.source = 'VirtKit';
    return [d];
  }
  if (result.status !== 'invalid') return [];
  return result.problems.map((p) => {
    const line = Math.min(Math.max((p.line ?? 1) - 1, 0), document.lineCount - 1);
    const text = document.lineAt(line);
    const start = p.column !== null ? Math.min(p.column - 1, text.text.length) : text.firstNonWhitespaceCharacterIndex;
    const range = new vscode.Range(line, start, line, Math.max(start + 1, text.range.end.character));
    const d = new vscode.Diagnostic(range, p.message, vscode.DiagnosticSeverity.Error);
    d.source = 'virt-xml-validate';
    return d;
  });
}

/** Problems from libvirt's own `virt-xml-validate` in the Problems panel, on open and save. */
export function registerValidation(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection('virtkit-libvirt');
  const running = new Map<string, number>();
  // One tool run per document version: opening a file and asking for a check share it.
  const inFlight = new Map<string, { version: number; result: Promise<VirtXmlValidateResult> }>();
  const runTool = (document: vscode.TextDocument, executable: string | undefined): Promise<VirtXmlValidateResult> => {
    const key = document.uri.toString();
    const current = inFlight.get(key);
    if (current?.version === document.version) return current.result;
    const result = validateLibvirtXmlText(document.getText(), executable ? { executable } : {});
    inFlight.set(key, { version: document.version, result });
    void result.finally(() => {
      if (inFlight.get(key)?.result === result) inFlight.delete(key);
    });
    return result;
  };

  const validate = async (
    document: vscode.TextDocument,
    onDemand: boolean,
  ): Promise<VirtXmlValidateResult | undefined> => {
    const { enabled, executable } = settings();
    if (document.languageId !== 'xml' || (!enabled && !onDemand)) return undefined;
    // In Restricted Mode opening or saving a file from the workspace never starts a program;
    // asking for a check with the command is the person's own choice.
    if (!onDemand && !vscode.workspace.isTrusted) return undefined;
    // The root element is near the top: no need to copy a whole large document to find it.
    if (!detectLibvirtDocumentKind(document.getText(new vscode.Range(0, 0, 400, 0)))) {
      if (onDemand)
        void vscode.window.showInformationMessage(
          vscode.l10n.t('This is not a libvirt XML document (domain, network, pool, volume, snapshot…).'),
        );
      return undefined;
    }
    const key = document.uri.toString();
    const version = document.version;
    running.set(key, version);
    const result = await runTool(document, executable);
    // A newer validation of the same document started meanwhile: its result wins.
    if (running.get(key) !== version) return result;
    if (result.status === 'tool-missing') {
      collection.delete(document.uri);
      if (onDemand || !context.globalState.get(TOOL_HINT_SHOWN)) {
        await context.globalState.update(TOOL_HINT_SHOWN, true);
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'VirtKit checks libvirt XML with virt-xml-validate, which is not installed. On Debian or Ubuntu: sudo apt install libvirt-clients libxml2-utils',
          ),
        );
      }
      return result;
    }
    if (result.status === 'timeout' || result.status === 'error' || result.status === 'unknown-kind') {
      if (onDemand)
        void vscode.window.showWarningMessage(
          vscode.l10n.t('virt-xml-validate could not check this document: {0}', result.message),
        );
      return result;
    }
    collection.set(document.uri, toDiagnostics(document, result));
    if (onDemand && result.status === 'valid')
      vscode.window.setStatusBarMessage(vscode.l10n.t('virt-xml-validate: the document is valid.'), 4000);
    return result;
  };

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => void validate(d, false)),
    vscode.workspace.onDidSaveTextDocument((d) => void validate(d, false)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      for (const d of vscode.workspace.textDocuments) void validate(d, false);
    }),
    // With a URI (from a menu or a test), that document; otherwise the active editor's.
    vscode.commands.registerCommand('virtkit.validateXml', async (uri?: unknown) => {
      const doc =
        uri instanceof vscode.Uri
          ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
          : vscode.window.activeTextEditor?.document;
      if (!doc) return undefined;
      return validate(doc, true);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.validation`) && !settings().enabled) collection.clear();
    }),
  );
  for (const d of vscode.workspace.textDocuments) void validate(d, false);
}
