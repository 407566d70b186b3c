// The article page's script: it turns clicks into protocol messages and remembers which
// article is shown so VS Code can restore the panel after a reload. It never builds markup.
import type { ArticlePageMessage, ArticleState } from '../../src/features/concepts/articleProtocol';

interface VsCodeApi {
  postMessage(message: ArticlePageMessage): void;
  setState(state: ArticleState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const id = document.body.dataset.conceptId;
if (id) vscode.setState({ id });

document.addEventListener('click', (event) => {
  const target = (event.target as Element | null)?.closest('a, button');
  if (!(target instanceof HTMLElement)) return;
  if (target instanceof HTMLAnchorElement) {
    event.preventDefault();
    if (target.dataset.concept) vscode.postMessage({ type: 'navigate', id: target.dataset.concept });
    else if (target.href.startsWith('https://')) vscode.postMessage({ type: 'openExternal', url: target.href });
    return;
  }
  const action = target.dataset.action;
  if (action === 'back' || action === 'forward' || action === 'revealInTree') vscode.postMessage({ type: action });
});

// Alt+Left / Alt+Right move through the history, as in a browser.
document.addEventListener('keydown', (event) => {
  if (!event.altKey) return;
  if (event.key === 'ArrowLeft') vscode.postMessage({ type: 'back' });
  if (event.key === 'ArrowRight') vscode.postMessage({ type: 'forward' });
});
