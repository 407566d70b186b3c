import * as vscode from 'vscode';
import type { Lang } from '../core/language';
import { escapeHtml } from '../core/markdown/escape';
import { createNonce } from './nonce';

/** Options of every VirtKit panel: scripts on, and only the extension's own page assets. */
export function webviewOptions(
  extensionUri: vscode.Uri,
  extra: vscode.WebviewPanelOptions = {},
): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    ...extra,
    enableScripts: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'media'),
      vscode.Uri.joinPath(extensionUri, 'dist', 'media'),
    ],
  };
}

export interface PageParts {
  lang: Lang;
  title: string;
  /** media/<name>.css and dist/media/<name>.js */
  asset: 'article' | 'host';
  /** Attributes of <body>, already escaped. */
  bodyAttributes?: string;
  /** The body's markup, built from escaped parts. */
  body: string;
}

/**
 * A page with the one Content-Security-Policy every panel uses: nothing by default, styles
 * and images from the extension only, and only the script carrying this render's nonce.
 */
export function webviewPage(webview: vscode.Webview, extensionUri: vscode.Uri, page: PageParts): string {
  const nonce = createNonce();
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', `${page.asset}.css`));
  const js = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'media', `${page.asset}.js`));
  return `<!DOCTYPE html>
<html lang="${page.lang === 'zh-cn' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; img-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${css}">
<title>${escapeHtml(page.title)}</title>
</head>
<body${page.bodyAttributes ? ` ${page.bodyAttributes}` : ''}>
${page.body}
<script nonce="${nonce}" src="${js}"></script>
</body>
</html>`;
}
