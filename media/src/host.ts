// The host-check page: lays out the view the host sends, with DOM APIs and textContent only,
// so nothing the machine reports (a CPU model, a hostname, a path) can become markup.
import type { DeepSection, GroupView, PassthroughView } from '../../src/core/hostView/hostDeepView';
import type { HostRow, HostView } from '../../src/core/hostView/hostView';
import type { HostToPage, PageToHost } from '../../src/features/hostCheck/hostProtocol';

interface VsCodeApi {
  postMessage(message: PageToHost): void;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** Text whose `code spans` (commands, paths in the hints) become <code> elements, still as text. */
function richText<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text: string,
  className?: string,
): HTMLElementTagNameMap[K] {
  const e = el(tag, undefined, className);
  text.split('`').forEach((part, i) => {
    if (part) e.append(i % 2 === 1 ? el('code', part) : document.createTextNode(part));
  });
  return e;
}

function button(label: string, message: PageToHost): HTMLButtonElement {
  const b = el('button', label);
  b.type = 'button';
  b.addEventListener('click', () => vscode.postMessage(message));
  return b;
}

const STATE_ICON: Record<HostRow['state'], string> = { yes: '✔', no: '✘', unknown: '?', info: '·' };

function renderRow(row: HostRow, view: HostView): HTMLTableRowElement {
  const tr = el('tr', undefined, `state-${row.state}`);
  const th = el('th', row.label);
  th.scope = 'row';
  const icon = el('span', STATE_ICON[row.state], 'state-icon');
  icon.setAttribute('aria-hidden', 'true');
  const value = el('td');
  value.append(icon, el('span', row.value));
  const meaning = el('td');
  if (row.meaning) meaning.append(el('span', row.meaning));
  if (row.conceptId) {
    const link = el('a', view.labels.learnMore);
    link.href = '#';
    const id = row.conceptId;
    link.addEventListener('click', (e) => {
      e.preventDefault();
      vscode.postMessage({ type: 'openConcept', id });
    });
    meaning.append(' ', link);
  }
  if (row.sourceLine) meaning.append(el('span', row.sourceLine, 'source'));
  tr.append(th, value, meaning);
  return tr;
}

function hintList(hints: string[]): HTMLOListElement {
  const ol = el('ol', undefined, 'hints');
  for (const h of hints) ol.append(richText('li', h));
  return ol;
}

/** A group's device list, built when the group is first opened (hundreds of devices stay cheap). */
function renderDevices(group: GroupView, labels: PassthroughView['labels']): HTMLUListElement {
  const ul = el('ul', undefined, 'devices');
  for (const d of group.devices) {
    const li = el('li', undefined, 'device');
    li.dataset.search = d.search;
    const head = el('div', undefined, 'device-head');
    head.append(el('code', d.address), ' ', el('span', d.classText, 'device-class'), ' ', el('span', d.name));
    const facts = [d.driverText, d.resetText, d.sriovText].filter((x): x is string => typeof x === 'string');
    li.append(head, el('div', facts.join(' · '), 'device-facts'));
    if (d.sharedNote) li.append(el('div', d.sharedNote, 'device-note'));
    if (d.hostdev) {
      const address = d.address;
      const b = button(labels.copyHostdev, { type: 'copyHostdev', address });
      b.classList.add('secondary');
      li.append(b);
    }
    ul.append(li);
  }
  return ul;
}

function renderPassthrough(p: PassthroughView): HTMLElement {
  const wrap = el('div', undefined, 'passthrough');
  const label = el('label', p.labels.filter + ' ');
  const input = el('input');
  input.type = 'search';
  input.placeholder = p.labels.filterPlaceholder;
  label.append(input);
  const none = el('p', p.labels.noMatch, 'no-match');
  none.hidden = true;
  const rows: { details: HTMLDetailsElement; group: GroupView; search: string }[] = [];
  for (const g of p.groups) {
    const details = el('details', undefined, `group viable-${g.viable}`);
    const summary = el('summary');
    summary.append(el('strong', g.title), ' ', el('span', g.viableText, 'group-viable'));
    details.append(summary);
    let built = false;
    details.addEventListener('toggle', () => {
      if (!details.open || built) return;
      built = true;
      details.append(renderDevices(g, p.labels));
      applyFilter();
    });
    rows.push({ details, group: g, search: g.devices.map((d) => d.search).join('\n') });
    wrap.append(details);
  }
  const applyFilter = (): void => {
    const q = input.value.trim().toLowerCase();
    let shown = 0;
    for (const r of rows) {
      const match = q === '' || r.search.includes(q);
      r.details.hidden = !match;
      if (match) shown++;
      r.details.querySelectorAll<HTMLLIElement>('li.device').forEach((li) => {
        li.hidden = q !== '' && !(li.dataset.search ?? '').includes(q);
      });
    }
    none.hidden = shown > 0;
  };
  input.addEventListener('input', applyFilter);
  wrap.prepend(label, none);
  return wrap;
}

function renderDeepSection(s: DeepSection, view: HostView): HTMLElement {
  const details = el('details', undefined, `deep deep-${s.id}`);
  details.open = true;
  details.append(el('summary', s.title));
  const table = el('table');
  const body = el('tbody');
  for (const r of s.rows) body.append(renderRow(r, view));
  table.append(body);
  details.append(table);
  if (s.hints.length) details.append(el('h3', view.labels.hints), hintList(s.hints));
  if (s.id === 'passthrough' && view.deep.passthrough) details.append(renderPassthrough(view.deep.passthrough));
  return details;
}

function render(view: HostView): void {
  document.documentElement.lang = view.lang === 'zh-cn' ? 'zh-CN' : 'en';
  const children: HTMLElement[] = [];
  const header = el('header');
  header.append(el('h1', view.labels.title), el('p', view.machineLine, 'machine'));
  const actions = el('div', undefined, 'actions');
  actions.append(
    button(view.labels.actions.refresh, { type: 'refresh' }),
    button(view.labels.actions.copyMarkdown, { type: 'copyMarkdown' }),
    button(view.labels.actions.saveJson, { type: 'saveJson' }),
  );
  header.append(actions);
  children.push(header);

  if (typeof view.banner === 'string' && view.banner) {
    // Above the verdict: everything after it describes the copied tree, not this machine.
    // A note, not an alert: it is part of the report, read in order with the rest of it.
    const banner = el('p', undefined, 'copied-tree');
    banner.setAttribute('role', 'note');
    banner.setAttribute('aria-label', view.labels.copiedTreeLabel);
    const icon = el('span', '⚠ ');
    icon.setAttribute('aria-hidden', 'true');
    banner.append(icon, document.createTextNode(view.banner));
    children.push(banner);
  }

  const verdict = el('section', undefined, `verdict verdict-${view.verdict.level}`);
  verdict.setAttribute('role', 'status');
  verdict.append(richText('p', view.verdict.summary, 'summary'));
  if (view.verdict.hints.length) {
    verdict.append(el('h2', view.labels.hints));
    const ol = el('ol');
    for (const h of view.verdict.hints) ol.append(richText('li', h));
    verdict.append(ol);
  }
  children.push(verdict);

  for (const s of view.sections) {
    const section = el('section');
    section.append(el('h2', s.title));
    const table = el('table');
    const body = el('tbody');
    for (const r of s.rows) body.append(renderRow(r, view));
    table.append(body);
    section.append(table);
    children.push(section);
  }
  for (const s of view.deep?.sections ?? []) children.push(renderDeepSection(s, view));
  if (view.unreadable.length) {
    const section = el('section', undefined, 'unreadable');
    section.append(el('h2', view.labels.unreadable));
    const ul = el('ul');
    for (const u of view.unreadable) ul.append(el('li', u.line));
    section.append(ul);
    children.push(section);
  }
  children.push(el('p', view.probedAtLine, 'probed-at'));
  root.replaceChildren(...children);
  root.removeAttribute('aria-busy');
}

window.addEventListener('message', (event: MessageEvent<HostToPage>) => {
  const msg = event.data;
  if (msg?.type === 'view' && typeof msg.view === 'object' && msg.view !== null) render(msg.view);
  else if (msg?.type === 'probing' && typeof msg.text === 'string') {
    root.setAttribute('aria-busy', 'true');
    root.replaceChildren(el('p', msg.text, 'probing'));
  }
});

vscode.postMessage({ type: 'ready' });
