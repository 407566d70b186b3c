// libvirt validation problems in the user's language: the kind and the names the validator
// found (src/core/validation/libxml2Problems.ts) become a plain sentence; libxml2's own words
// follow it, so nothing the tool said is lost.
import * as vscode from 'vscode';
import type { LibvirtProblem } from '../../core/validation/libvirtValidator';
import type { RefusedDoctype } from '../../core/validation/libvirtDocument';

const q = (name: string | undefined) => (name ? `<${name}>` : '?');

/** A plain sentence for one problem of the in-process validator. */
export function explainProblem(p: LibvirtProblem): string {
  const n = p.names;
  switch (p.kind) {
    case 'not-well-formed':
      return vscode.l10n.t('This is not well-formed XML, so nothing was checked against the schema.');
    case 'extra-element':
      return n.parent
        ? vscode.l10n.t('{0} is not allowed inside {1} here.', q(n.element), q(n.parent))
        : vscode.l10n.t('{0} is not allowed here.', q(n.element));
    case 'missing-element':
      return n.found
        ? vscode.l10n.t('{0} is expected here, but {1} was found.', q(n.expected), q(n.found))
        : vscode.l10n.t('A required element is missing here: {0}.', q(n.expected));
    case 'invalid-content':
      return n.child
        ? vscode.l10n.t(
            'The content of {0} does not match libvirt’s schema; the check stopped at {1}: look there or inside it.',
            q(n.element),
            q(n.child),
          )
        : vscode.l10n.t('The content of {0} does not match libvirt’s schema.', q(n.element));
    case 'invalid-attribute':
      return vscode.l10n.t(
        'The attribute {0} is not allowed on {1}, or not with this value.',
        n.attribute ?? '?',
        q(n.element),
      );
    case 'bad-attribute-value':
      return n.value !== undefined
        ? vscode.l10n.t('The value "{0}" is not valid here (on {1}).', n.value, q(n.element))
        : vscode.l10n.t(
            'An attribute of {0} has a value libvirt does not accept, or a required attribute is missing.',
            q(n.element),
          );
    case 'bad-element-value':
      return vscode.l10n.t('The text "{0}" is not a valid value of {1}.', n.value ?? '', q(n.element));
    case 'unexpected-text':
      return vscode.l10n.t('Text is not allowed here, only elements.');
    default:
      return vscode.l10n.t('libvirt’s schema does not accept this.');
  }
}

/** Why a document with a DOCTYPE or an entity is not validated. */
export function explainRefusal(r: RefusedDoctype): string {
  const why =
    r.reason === 'external'
      ? vscode.l10n.t('This document names an external DTD.')
      : r.reason === 'internal-subset'
        ? vscode.l10n.t('This document declares a DTD with entities.')
        : r.reason === 'doctype'
          ? vscode.l10n.t('This document declares a DOCTYPE.')
          : vscode.l10n.t('This document declares an entity.');
  return `${why} ${vscode.l10n.t(
    'Not validated: libvirt never uses DOCTYPEs or entities, and they can make an XML tool fetch addresses or read local files, so VirtKit passes such a document to no validator. Remove the declaration to have it checked.',
  )}`;
}
