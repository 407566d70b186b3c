import type { Lang } from '../language';
import type { LibvirtEntry, QemuEntry, ToolEntry, ToolHelp } from '../reference/types';

/** One language's text of a concept. */
export interface ConceptText {
  name: string;
  /** Terms that trigger a hover. */
  aliases: string[];
  /**
   * Names that are also everyday English words (Wine, Pouch): they trigger a hover only next
   * to Chinese text or written capitalized, not at the start of a sentence (content/README.md).
   */
  wordAliases: string[];
  /** Terms found by search only. */
  keywords: string[];
  /** One to three sentences: what a hover shows. */
  definition: string;
  /** Markdown body of the article. */
  article: string;
}

export interface Reference {
  title: string;
  url: string;
}

export interface Concept {
  id: string;
  category: string;
  /** `/proc/cpuinfo` names that reveal this feature, exactly as the kernel prints them. */
  cpuFlags: string[];
  related: string[];
  references: Reference[];
  text: Record<Lang, ConceptText>;
}

export interface Category {
  id: string;
  /** A codicon id. */
  icon: string;
  en: string;
  'zh-cn': string;
  /** The concepts of this category in reading order. */
  concepts: string[];
}

/** One CPU flag the host check reports (content/cpu-flags.yaml). */
export interface CpuFlagInfo {
  flag: string;
  line: 'flags' | 'vmx flags';
  alsoIn?: 'flags' | 'vmx flags';
  vendor: 'intel' | 'amd' | 'any';
  concept: string;
  en: string;
  'zh-cn': string;
}

/** Everything content/ holds, as the build bundles it. */
export interface ContentData {
  categories: Category[];
  concepts: Concept[];
  cpuFlags: CpuFlagInfo[];
  /** libvirt XML elements and attributes (content/libvirt.yaml). */
  libvirt: LibvirtEntry[];
  /** QEMU command-line options, devices and backends (content/qemu.yaml). */
  qemu: QemuEntry[];
  /** qemu-img, qemu-nbd, virsh, virt-install … : hand-written explanations (content/tools.yaml). */
  tools: ToolEntry[];
  /** The same tools' own subcommand and option lists with their help lines (data/tools/). */
  toolHelp: ToolHelp[];
}
