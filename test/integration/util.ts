import * as vscode from 'vscode';

export const EXTENSION_ID = 'virtkit.virtkit';

/**
 * A file of the fixture workspace the runners open (test/fixtures/workspace), through the
 * workspace folder's URI: that works in the Node extension host and in the web worker one.
 */
export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test window has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function activateExtension(): Promise<vscode.Extension<{ apiVersion: number }>> {
  const ext = vscode.extensions.getExtension<{ apiVersion: number }>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this extension host`);
  await ext.activate();
  return ext;
}

/** Opens a fixture file (or an untitled document with `content`) in an editor. */
export async function openDoc(nameOrContent: string, language?: string): Promise<vscode.TextDocument> {
  const doc = language
    ? await vscode.workspace.openTextDocument({ content: nameOrContent, language })
    : await vscode.workspace.openTextDocument(fixtureUri(nameOrContent));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The markdown of every hover at a position (appendText's &nbsp; read back as spaces). */
export async function hoverText(doc: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n')
    .replace(/&nbsp;/g, ' ');
}

/** Position of the `nth` occurrence of `needle` in `doc`, plus `offset` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 0, nth = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`"${needle}" not in ${doc.uri.toString()}`);
  return doc.positionAt(at + offset);
}

/** The open webview tabs of a view type. */
export function webviewTabs(viewType: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(viewType));
}

export async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The completion items VS Code gathers at `position` (every provider's, like the editor's list). */
export async function completions(
  doc: vscode.TextDocument,
  position: vscode.Position,
): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    doc.uri,
    position,
  );
  return list?.items ?? [];
}

/** A completion item's label text, whether a string or a label object. */
export const completionLabel = (i: vscode.CompletionItem): string =>
  typeof i.label === 'string' ? i.label : i.label.label;
