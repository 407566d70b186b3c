// libvirt validation problems in the user's language: the kind and the names the validator
// found (src/core/validation/libxml2Problems.ts) become a plain sentence; libxml2's own words
// follow it, so nothing the tool said is lost.
import * as vscode from 'vscode';
import type { SinceFinding } from '../../core/libvirtXml/sinceChecks';
import type { LibvirtProblem } from '../../core/validation/libvirtValidator';
import type { DomainFinding } from '../../core/libvirtXml/domainChecks';
import type { RefusedDoctype } from '../../core/validation/libvirtDocument';
import type { SchemaCulprit } from '../../core/libvirtXml/schemaHints';

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
      // libxml2 names only the container inside an interleave: say where to look.
      if (!n.element && n.child)
        return vscode.l10n.t('Something in {0} or inside it does not match libvirt’s schema.', q(n.child));
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

/** How many allowed names or values a diagnostic lists before "and N more". */
const LIST_LENGTH = 8;

/** A short list: the first names, then how many more there are. */
function shortList(names: readonly string[], quote: (n: string) => string): string {
  const shown = names.slice(0, LIST_LENGTH).map(quote);
  const separator = vscode.l10n.t(', ');
  const more = names.length - shown.length;
  return more > 0 ? vscode.l10n.t('{0} and {1} more', shown.join(separator), more) : shown.join(separator);
}

/**
 * What libvirt's schema allows instead of the culprit the schema model found (an element that
 * may not be there, an attribute that may not be on its element, a value not in the list).
 */
export function explainCulprit(c: SchemaCulprit): string {
  const value = (v: string) => `"${v}"`;
  switch (c.kind) {
    case 'element':
      return c.allowed.length > 0
        ? vscode.l10n.t(
            '{0} may not be inside {1}; allowed there: {2}.',
            q(c.element.name),
            q(c.parent),
            shortList(c.allowed, q),
          )
        : vscode.l10n.t('{0} may not be inside {1}, which takes no elements.', q(c.element.name), q(c.parent));
    case 'attribute':
      return c.allowed.length > 0
        ? vscode.l10n.t(
            'The attribute {0} may not be on {1}; its attributes: {2}.',
            c.attribute.name,
            q(c.element.name),
            shortList(c.allowed, (n) => n),
          )
        : vscode.l10n.t('{0} takes no attributes, so {1} may not be on it.', q(c.element.name), c.attribute.name);
    case 'value':
      return vscode.l10n.t(
        '{0}="{1}" on {2}: valid values are {3}.',
        c.attribute.name,
        c.attribute.value,
        q(c.element.name),
        shortList(c.allowed, value),
      );
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

/** What libvirt itself would do with a domain mistake its schema lets through. */
export function explainDomainFinding(f: DomainFinding): string {
  switch (f.code) {
    case 'duplicate-disk-target':
      return vscode.l10n.t(
        'Two disks have the target "{0}": libvirt refuses to define the domain ("target duplicated"). Give each disk its own target (vda, vdb, …).',
        f.args[0],
      );
    case 'duplicate-pci-address':
      return vscode.l10n.t(
        'This <{1}> is on PCI address {0}, which a <{2}> already uses: libvirt refuses to define the domain ("Attempted double use of PCI Address"). Give it another slot, or remove its <address> and let libvirt choose.',
        f.args[0],
        f.args[1],
        f.args[2],
      );
    case 'vcpu-current-above-count':
      return vscode.l10n.t(
        'current="{0}" is more than the {1} vCPUs of <vcpu>: libvirt refuses to define the domain. The current count can be at most the maximum.',
        f.args[0],
        f.args[1],
      );
    case 'current-memory-above-memory':
      return vscode.l10n.t(
        '<currentMemory> ({0} KiB) is more than <memory> ({1} KiB): libvirt silently lowers it to <memory> when it defines the domain.',
        f.args[0],
        f.args[1],
      );
    case 'missing-qemu-namespace':
      return vscode.l10n.t(
        '<{0}> needs xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0" on <domain> and the qemu: prefix: without them libvirt does not see it (virsh define without --validate drops it without a word).',
        f.args[0],
      );
  }
}

/** A part of the document newer than the libvirt that will read it. */
export function explainSince(f: SinceFinding, libvirtVersion: string): string {
  switch (f.kind) {
    case 'element':
      return vscode.l10n.t(
        '<{0}> exists since libvirt {1}; the libvirt here is {2}, which rejects it or drops it.',
        f.name,
        f.since,
        libvirtVersion,
      );
    case 'attribute':
      return vscode.l10n.t(
        'The attribute {0} exists since libvirt {1}; the libvirt here is {2}, which rejects it or drops it.',
        f.name,
        f.since,
        libvirtVersion,
      );
    case 'value':
      return vscode.l10n.t(
        '{0}="{1}" is accepted since libvirt {2}; the libvirt here is {3}, which rejects it.',
        f.of ?? '',
        f.name,
        f.since,
        libvirtVersion,
      );
  }
}
