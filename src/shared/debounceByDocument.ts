// One pending run per document, restarted by each new request: what validation and the
// host-value warnings do while a person types, so that only the last edit's text is worked on.
import type * as vscode from 'vscode';

export interface DocumentDebounce extends vscode.Disposable {
  /** Runs `work(document)` after `delayMs` without a newer request for the same document. */
  soon(document: vscode.TextDocument): void;
  /** Drops the pending run of a document (it was closed). */
  cancel(document: vscode.TextDocument): void;
}

export function debounceByDocument(
  delayMs: number,
  work: (document: vscode.TextDocument) => unknown,
): DocumentDebounce {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  return {
    soon(document) {
      const key = document.uri.toString();
      clearTimeout(timers.get(key));
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          void work(document);
        }, delayMs),
      );
    },
    cancel(document) {
      const key = document.uri.toString();
      clearTimeout(timers.get(key));
      timers.delete(key);
    },
    dispose() {
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
    },
  };
}
