// libvirt never reads or writes a DOCTYPE, and a DOCTYPE is how an XML document makes a parser
// fetch a URL or read a local file (external DTDs and entities, parameter entities that build
// URLs from other entities). No validator VirtKit runs may see one: such a document gets a
// clear refusal instead of validation, whichever validator would have run.

/** What a document declares that a validator must never process, if anything. */
export interface DoctypeFinding {
  /** 'doctype': a document type declaration; 'entity': an entity declaration on its own. */
  readonly kind: 'doctype' | 'entity';
  /** 0-based offset of the declaration in the text. */
  readonly offset: number;
}

/**
 * Finds a `<!DOCTYPE` or `<!ENTITY` declaration anywhere in the text (case-insensitively, so
 * no spelling slips past; a match inside a comment or CDATA is refused too: libvirt documents
 * never need one, and being strict here costs nothing).
 */
export function findDoctype(text: string): DoctypeFinding | undefined {
  const m = /<!\s*(DOCTYPE|ENTITY)/i.exec(text);
  if (!m) return undefined;
  return { kind: m[1].toUpperCase() === 'DOCTYPE' ? 'doctype' : 'entity', offset: m.index };
}
