// Every question the Virtual Machines actions ask (confirmations, names, choices) goes through
// here, so that the extension-host tests can answer them. The answers come ONLY from a test
// seam that exists in ExtensionMode.Test (a command that is not contributed and is never
// registered otherwise): the argument object of an action can name its target but can never
// say "already confirmed", so nothing destructive runs without a person's (or, under test, the
// test's) explicit answer to the same prompt.
import * as vscode from 'vscode';

export interface PromptRecord {
  readonly type: 'choose' | 'input' | 'pick';
  readonly message: string;
  readonly detail?: string;
  readonly options?: readonly string[];
}

type Answer = string | number | boolean | null;

/** Scripted answers (test mode only); undefined while no test has scripted any. */
let scripted: { answers: Answer[]; log: PromptRecord[] } | undefined;

function fromScript(record: PromptRecord): { answered: boolean; value: Answer | undefined } {
  if (!scripted) return { answered: false, value: undefined };
  scripted.log.push(record);
  // An unscripted question under test is a cancel, never a hanging modal.
  return { answered: true, value: scripted.answers.length > 0 ? scripted.answers.shift() : undefined };
}

/**
 * A modal question with buttons; resolves to the index of the chosen button, or undefined when
 * dismissed. Under test the scripted answer is a button index, `true` (the first button) or
 * `false`/null (dismissed).
 */
export async function choose(message: string, detail: string, buttons: readonly string[]): Promise<number | undefined> {
  const s = fromScript({ type: 'choose', message, detail, options: buttons });
  if (s.answered) {
    if (s.value === true) return 0;
    return typeof s.value === 'number' && s.value >= 0 && s.value < buttons.length ? s.value : undefined;
  }
  const picked = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...buttons);
  const index = picked === undefined ? -1 : buttons.indexOf(picked);
  return index >= 0 ? index : undefined;
}

/** A yes/no confirmation naming what will happen: true only when the person pressed `action`. */
export async function confirm(message: string, detail: string, action: string): Promise<boolean> {
  return (await choose(message, detail, [action])) === 0;
}

export async function input(options: vscode.InputBoxOptions & { prompt: string }): Promise<string | undefined> {
  const s = fromScript({ type: 'input', message: options.prompt });
  if (s.answered) {
    if (typeof s.value !== 'string') return undefined;
    // The same validation as the input box: an invalid scripted answer is refused too.
    const problem = await options.validateInput?.(s.value);
    return problem ? undefined : s.value;
  }
  return vscode.window.showInputBox(options);
}

export async function pick(items: readonly string[], placeHolder: string): Promise<string | undefined> {
  const s = fromScript({ type: 'pick', message: placeHolder, options: items });
  if (s.answered) return typeof s.value === 'string' && items.includes(s.value) ? s.value : undefined;
  return vscode.window.showQuickPick([...items], { placeHolder });
}

/**
 * The test seam: `virtkit.machines.test.answer(answers)` queues answers for the next prompts
 * and returns the prompts asked since the previous call. Registered only in ExtensionMode.Test.
 */
export function registerPromptTestSeam(context: vscode.ExtensionContext): void {
  if (context.extensionMode !== vscode.ExtensionMode.Test) return;
  context.subscriptions.push(
    vscode.commands.registerCommand('virtkit.machines.test.answer', (answers: Answer[] = []): PromptRecord[] => {
      const log = scripted?.log ?? [];
      scripted = { answers: [...answers], log: [] };
      return log;
    }),
  );
}
