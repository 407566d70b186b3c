import * as vscode from 'vscode';

// A window of lines around the cursor is enough for a command joined by `\` continuations.
const LINES_AROUND = 60;
const WINDOW_CHARS = 200_000;
const LONG_LINE_REACH = 100_000;

/**
 * The text around `position` that can hold the command line under it (the hovers and the
 * completion of QEMU lines share it), and the document offset where that text starts. On very
 * long lines only the cursor's line, as far around the cursor as a command reaches: the
 * command-line parser bounds its own work, the window only has to include the command's head.
 */
export function commandWindow(doc: vscode.TextDocument, position: vscode.Position): { text: string; base: number } {
  const first = Math.max(0, position.line - LINES_AROUND);
  const last = Math.min(doc.lineCount - 1, position.line + LINES_AROUND);
  let range = new vscode.Range(first, 0, last, doc.lineAt(last).range.end.character);
  if (doc.offsetAt(range.end) - doc.offsetAt(range.start) > WINDOW_CHARS) {
    range = new vscode.Range(
      position.line,
      Math.max(0, position.character - LONG_LINE_REACH),
      position.line,
      position.character + LONG_LINE_REACH,
    );
  }
  return { text: doc.getText(range), base: doc.offsetAt(range.start) };
}
