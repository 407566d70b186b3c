import * as vscode from 'vscode';
import { resolveLang, type Lang } from '../core/language';

export const SECTION = 'virtkit';

/** The content language: `virtkit.language`, or VS Code's display language. */
export function contentLang(): Lang {
  return resolveLang(vscode.workspace.getConfiguration(SECTION).get<string>('language'), vscode.env.language);
}

/** Fires `listener` when a setting under `virtkit.<key>` changes. */
export function onSettingChanged(key: string, listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(`${SECTION}.${key}`)) listener();
  });
}
