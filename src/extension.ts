import * as vscode from 'vscode';
import { registerConcepts } from './features/concepts';
import { registerTermHover } from './features/hover';

/** The extension's public API, returned from activate(). */
export interface VirtKitApi {
  /** The version of the API's shape. */
  readonly apiVersion: 1;
}

/** A table of contents: each feature registers itself; nothing heavy runs here. */
export function activate(context: vscode.ExtensionContext): VirtKitApi {
  registerConcepts(context);
  registerTermHover(context);
  return { apiVersion: 1 };
}

export function deactivate(): void {}
