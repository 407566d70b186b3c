// "Convert QEMU Command Line to libvirt XML": the selection, else the QEMU command line under
// the cursor, else the whole document (a script holding one QEMU line) goes through the pure
// converter in src/core/qemu/convert; the XML opens in a new untitled document beside the
// editor and the options libvirt could not take in open in a second, Markdown one, in the
// user's language. Nothing here runs a program, so it works the same in the web worker.
import * as vscode from 'vscode';
import { convertQemu, unmappedReason, type Conversion, type Unmapped } from '../../core/qemu/convert';
import type { QemuData } from '../../core/qemu/data';
import { qemuCommandAt } from '../../core/reference/qemuContext';
import { commandWindow } from '../../shared/commandWindow';
import { contentLang } from '../../shared/settings';
import { qemuData } from './index';

/** A whole document is read up to this many characters (a script, not a disk image). */
const MAX_DOCUMENT = 4 * 1024 * 1024;

export interface QemuToLibvirtApiResult {
  xml: string;
  unmapped: { option: string; reason: string }[];
}

async function datas(extensionUri: vscode.Uri): Promise<QemuData[]> {
  const source = await qemuData(extensionUri);
  return (['x86_64', 'aarch64'] as const).map((a) => source.data(a)).filter((d): d is QemuData => d !== undefined);
}

/** The text to convert: the selection, else the command under the cursor, else the document. */
function sourceText(editor: vscode.TextEditor): string {
  const doc = editor.document;
  if (!editor.selection.isEmpty) return doc.getText(editor.selection);
  const { text, base } = commandWindow(doc, editor.selection.active);
  const at = qemuCommandAt(text, doc.offsetAt(editor.selection.active) - base);
  if (at) return text.slice(at.command.start, at.command.end);
  return doc.getText().slice(0, MAX_DOCUMENT);
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

/** The report of unmapped options, as Markdown in the user's language. */
export function unmappedReport(conversion: Conversion): string {
  const lang = contentLang();
  const lines = [`# ${vscode.l10n.t('QEMU → libvirt: options not expressed in libvirt elements')}`, ''];
  if (conversion.unmapped.length === 0) {
    lines.push(vscode.l10n.t('Every option of the command line became a libvirt element.'));
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    vscode.l10n.t(
      'Options marked as passed through are in the <qemu:commandline> element of the XML; the others are not in the XML.',
    ),
    '',
    `| ${vscode.l10n.t('Option')} | ${vscode.l10n.t('Passed through')} | ${vscode.l10n.t('Reason')} |`,
    '| --- | --- | --- |',
  );
  for (const u of conversion.unmapped as Unmapped[]) {
    lines.push(
      `| ${cell(u.option)} | ${u.passthrough ? vscode.l10n.t('yes') : vscode.l10n.t('no')} | ${cell(unmappedReason(u, lang))} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function convertCommand(extensionUri: vscode.Uri): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a document with a QEMU command line first.'));
    return;
  }
  const doc = editor.document;
  const base = doc.uri.scheme === 'file' ? vscode.Uri.joinPath(doc.uri, '..').fsPath : undefined;
  const result = convertQemu(sourceText(editor), await datas(extensionUri), base ? { base } : {});
  if ('error' in result) {
    void vscode.window.showWarningMessage(
      result.error === 'no-qemu-line'
        ? vscode.l10n.t(
            'No QEMU command line found: select one, or put the cursor on a qemu-system-x86_64 or qemu-system-aarch64 command.',
          )
        : vscode.l10n.t('Only qemu-system-x86_64 and qemu-system-aarch64 command lines can be converted.'),
    );
    return;
  }
  const xmlDoc = await vscode.workspace.openTextDocument({ language: 'xml', content: result.xml });
  await vscode.window.showTextDocument(xmlDoc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  const report = await vscode.workspace.openTextDocument({ language: 'markdown', content: unmappedReport(result) });
  await vscode.window.showTextDocument(report, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: false,
    preserveFocus: true,
  });
}

/** Registers the command and returns the API's `qemuToLibvirt`. */
export function registerQemuConvert(
  context: vscode.ExtensionContext,
): (commandLine: string) => Promise<QemuToLibvirtApiResult> {
  context.subscriptions.push(
    vscode.commands.registerCommand('virtkit.qemu.convertToLibvirt', () => convertCommand(context.extensionUri)),
  );
  return async (commandLine: string) => {
    const result = convertQemu(typeof commandLine === 'string' ? commandLine : '', await datas(context.extensionUri));
    if ('error' in result) {
      throw new Error(
        result.error === 'no-qemu-line'
          ? vscode.l10n.t(
              'No QEMU command line found: select one, or put the cursor on a qemu-system-x86_64 or qemu-system-aarch64 command.',
            )
          : vscode.l10n.t('Only qemu-system-x86_64 and qemu-system-aarch64 command lines can be converted.'),
      );
    }
    const lang = contentLang();
    return {
      xml: result.xml,
      unmapped: result.unmapped.map((u) => ({ option: u.option, reason: unmappedReason(u, lang) })),
    };
  };
}
