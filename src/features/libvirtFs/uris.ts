// libvirt: URIs as vscode.Uri, and the argument objects the commands accept (a tree item of the
// Virtual Machines view, `{ uri, kind, name }`, or a libvirt: URI).
import * as vscode from 'vscode';
import {
  DEFINITION_KINDS,
  decodeConnection,
  definitionPath,
  encodeConnection,
  isPossibleName,
  LIBVIRT_SCHEME,
  parseDefinitionPath,
  type DefinitionKind,
  type DefinitionRef,
} from '../../core/libvirt/definitions';

/** The URI of a definition (see core/libvirt/definitions.ts for the encoding). */
export function definitionUri(ref: DefinitionRef): vscode.Uri {
  return vscode.Uri.from({
    scheme: LIBVIRT_SCHEME,
    authority: encodeConnection(ref.uri),
    path: definitionPath(ref.kind, ref.name),
  });
}

/** The definition a libvirt: URI names, or undefined. */
export function refOfUri(uri: vscode.Uri): DefinitionRef | undefined {
  if (uri.scheme !== LIBVIRT_SCHEME) return undefined;
  const connection = decodeConnection(uri.authority);
  const at = parseDefinitionPath(uri.path);
  return connection && at ? { uri: connection, ...at } : undefined;
}

const isKind = (k: unknown): k is DefinitionKind => DEFINITION_KINDS.includes(k as DefinitionKind);

/**
 * The definition a command argument names: a libvirt: URI, `{ uri, kind, name }`, or a node of
 * the Virtual Machines view (`{ kind: 'domain', uri, domain: { name } }`, `{ kind: 'network',
 * uri, name }`, `{ kind: 'pool', uri, pool: { name } }`).
 */
export function refOfArgument(arg: unknown): DefinitionRef | undefined {
  if (arg instanceof vscode.Uri) return refOfUri(arg);
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as Record<string, unknown>;
  if (typeof o.uri !== 'string' || !isKind(o.kind)) return undefined;
  const nested = (o.kind === 'domain' ? o.domain : o.kind === 'pool' ? o.pool : undefined) as
    { name?: unknown } | undefined;
  const name = typeof o.name === 'string' ? o.name : nested?.name;
  return typeof name === 'string' && isPossibleName(name) ? { uri: o.uri, kind: o.kind, name } : undefined;
}
