import * as vscode from 'vscode';
import { expandSnippet, snippetBodyText } from '../../core/snippets/expandSnippet';
import { contentLang } from '../../shared/settings';

interface SnippetDef {
  prefix: string | string[];
  description?: string;
  body: string | string[];
}

interface SnippetPick extends vscode.QuickPickItem {
  key: string;
  body: string;
  language: 'xml' | 'shellscript';
}

/** The contributed snippet files, loaded on the command's first use (not on activation). */
async function loadSnippets(): Promise<SnippetPick[]> {
  const [libvirt, qemu, zh] = await Promise.all([
    import('../../../snippets/libvirt-xml.json'),
    import('../../../snippets/qemu.json'),
    import('../../../snippets/descriptions.zh-cn.json'),
  ]);
  const chinese = zh.default as Record<string, string>;
  const lang = contentLang();
  const picks = (file: Record<string, SnippetDef>, language: SnippetPick['language']) =>
    Object.entries(file).map(([key, s]): SnippetPick => {
      const body = snippetBodyText(s.body);
      const preview = expandSnippet(s.body).split('\n').slice(0, 3).join(' ⏎ ');
      return {
        key,
        body,
        language,
        label: Array.isArray(s.prefix) ? s.prefix[0] : s.prefix,
        description: (lang === 'zh-cn' ? chinese[key] : undefined) ?? s.description,
        detail: preview,
      };
    });
  return [
    { kind: vscode.QuickPickItemKind.Separator, label: vscode.l10n.t('libvirt XML'), key: '', body: '', language: 'xml' },
    ...picks(libvirt.default as Record<string, SnippetDef>, 'xml'),
    { kind: vscode.QuickPickItemKind.Separator, label: vscode.l10n.t('QEMU, qemu-img, virsh and virt-install'), key: '', body: '', language: 'shellscript' },
    ...picks(qemu.default as Record<string, SnippetDef>, 'shellscript'),
  ];
}

/** "Insert libvirt / QEMU snippet…": a searchable list with a preview of what each inserts. */
export function registerSnippets(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('virtkit.insertSnippet', async (key?: unknown) => {
      const all = await loadSnippets();
      const picked =
        typeof key === 'string'
          ? all.find((p) => p.key === key)
          : await vscode.window.showQuickPick(all, {
              placeHolder: vscode.l10n.t('Insert a libvirt XML or QEMU command-line snippet'),
              matchOnDescription: true,
              matchOnDetail: true,
            });
      if (!picked || !picked.key) return;
      let editor = vscode.window.activeTextEditor;
      if (!editor) {
        // Nothing open to insert into: a new document of the snippet's language, so nothing
        // the user wrote is touched.
        const doc = await vscode.workspace.openTextDocument({ language: picked.language, content: '' });
        editor = await vscode.window.showTextDocument(doc);
      }
      await editor.insertSnippet(new vscode.SnippetString(picked.body));
    }),
  );
}
