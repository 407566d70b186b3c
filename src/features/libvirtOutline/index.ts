import * as vscode from 'vscode';
import { libvirtOutline, type OutlineKind, type OutlineSymbol } from '../../core/libvirtXml/outline';

const KINDS: Record<OutlineKind, vscode.SymbolKind> = {
  document: vscode.SymbolKind.Class,
  section: vscode.SymbolKind.Namespace,
  property: vscode.SymbolKind.Property,
  device: vscode.SymbolKind.Object,
};

function toSymbol(document: vscode.TextDocument, s: OutlineSymbol): vscode.DocumentSymbol {
  const range = new vscode.Range(document.positionAt(s.start), document.positionAt(s.end));
  const selection = new vscode.Range(document.positionAt(s.selectionStart), document.positionAt(s.selectionEnd));
  const symbol = new vscode.DocumentSymbol(
    s.name,
    s.detail,
    KINDS[s.kind],
    range,
    range.contains(selection) ? selection : range,
  );
  symbol.children = s.children.map((c) => toSymbol(document, c));
  return symbol;
}

/** The Outline view, breadcrumbs and Go to Symbol for libvirt documents (other XML: nothing). */
export function registerLibvirtOutline(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerDocumentSymbolProvider(
      { language: 'xml' },
      {
        provideDocumentSymbols: (document, token) =>
          token.isCancellationRequested ? [] : libvirtOutline(document.getText()).map((s) => toSymbol(document, s)),
      },
      { label: 'libvirt' },
    ),
  );
}
