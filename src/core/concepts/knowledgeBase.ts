import type { Lang } from '../language';
import type { Category, Concept, ContentData, CpuFlagInfo } from './types';
import { TermMatcher } from './termMatcher';

/**
 * Read-only view over the bundled content: concepts by id, categories in reading order,
 * and (built on first use) the term matcher the hovers use.
 */
export class KnowledgeBase {
  private readonly byId: ReadonlyMap<string, Concept>;
  private readonly flags: ReadonlyMap<string, CpuFlagInfo[]>;
  private matcher: TermMatcher | undefined;

  constructor(private readonly data: ContentData) {
    this.byId = new Map(data.concepts.map((c) => [c.id, c]));
    const flags = new Map<string, CpuFlagInfo[]>();
    for (const f of data.cpuFlags) flags.set(f.flag, [...(flags.get(f.flag) ?? []), f]);
    this.flags = flags;
  }

  get categories(): readonly Category[] {
    return this.data.categories;
  }

  get concepts(): readonly Concept[] {
    return this.data.concepts;
  }

  get(id: string): Concept | undefined {
    return this.byId.get(id);
  }

  category(id: string): Category | undefined {
    return this.data.categories.find((c) => c.id === id);
  }

  /** The concepts of a category in its reading order; unknown ids are skipped. */
  conceptsIn(categoryId: string): Concept[] {
    const cat = this.category(categoryId);
    if (!cat) return [];
    return cat.concepts.map((id) => this.byId.get(id)).filter((c): c is Concept => c !== undefined);
  }

  /** What a CPU flag means, for the given vendor when the kernel reuses a name. */
  cpuFlag(flag: string, vendor?: 'intel' | 'amd'): CpuFlagInfo | undefined {
    const all = this.flags.get(flag);
    if (!all) return undefined;
    return all.find((f) => f.vendor === vendor) ?? all.find((f) => f.vendor === 'any') ?? all[0];
  }

  /** The hover index, built once on first use so activation never pays for it. */
  get termMatcher(): TermMatcher {
    return (this.matcher ??= TermMatcher.fromConcepts(this.data.concepts));
  }

  /**
   * Plain-text definition with the names in both languages, for the clipboard, punctuated as
   * its language is: "Virtualization (虚拟化): …", "虚拟化（Virtualization）：…".
   */
  definitionText(id: string, lang: Lang): string | undefined {
    const c = this.byId.get(id);
    if (!c) return undefined;
    const other = lang === 'en' ? 'zh-cn' : 'en';
    const [open, close, colon] = lang === 'zh-cn' ? ['（', '）', '：'] : [' (', ')', ': '];
    return `${c.text[lang].name}${open}${c.text[other].name}${close}${colon}${c.text[lang].definition}`;
  }
}
