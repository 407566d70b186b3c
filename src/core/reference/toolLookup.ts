// Maps a tool token under the cursor (toolContext.ts) to what explains it: a hand-written entry
// of content/tools.yaml where one fits, otherwise the tool's own one-line help text as captured
// from the installed tool (data/tools/), which the hover labels as the tool's words.
import type { ToolToken } from './toolContext';
import type { ToolEntry, ToolHelp, ToolName } from './types';

export interface ToolMatch {
  token: ToolToken;
  /** The hand-written explanation, when one fits this tool, subcommand and option. */
  entry?: ToolEntry;
  /** The tool's own help line for the hovered name (shown when there is no entry). */
  ownHelp?: string;
  /** Version of the tool the help lines were captured from. */
  version?: string;
  /** For a key: the image formats (qemu-img) that accept it, as the tool lists them. */
  formats?: string[];
}

/**
 * Tools that take another tool's options with the same meaning: virt-xml parses `--disk`,
 * `--network`, … with virt-install's code, so virt-install's entries explain them.
 */
const SHARES_OPTIONS: Partial<Record<ToolName, ToolName>> = { 'virt-xml': 'virt-install' };

export class ToolReference {
  /** `${tool}\0${kind}\0${name}` → entries (several where the meaning depends on the subcommand). */
  private readonly entries = new Map<string, ToolEntry[]>();
  private readonly help = new Map<ToolName, ToolHelp>();

  constructor(entries: readonly ToolEntry[], help: readonly ToolHelp[] = []) {
    for (const e of entries) {
      for (const n of [e.name, ...(e.aliases ?? [])]) {
        const key = `${e.tool}\u0000${e.kind}\u0000${n}`;
        const list = this.entries.get(key);
        if (list) list.push(e);
        else this.entries.set(key, [e]);
      }
    }
    for (const h of help) this.help.set(h.tool, h);
  }

  /** What the captured help of `tool` says: undefined when the tool was not captured. */
  captured(tool: ToolName): ToolHelp | undefined {
    return this.help.get(tool);
  }

  lookup(token: ToolToken): ToolMatch | undefined {
    const help = this.help.get(token.tool);
    const found = (entry: ToolEntry | undefined, ownHelp?: string, formats?: string[]): ToolMatch | undefined => {
      if (!entry && !ownHelp) return undefined;
      const m: ToolMatch = { token };
      if (entry) m.entry = entry;
      else if (ownHelp) m.ownHelp = ownHelp;
      if (help) m.version = help.version;
      if (formats?.length) m.formats = formats;
      return m;
    };
    const candidates = this.entries.get(`${token.tool}\u0000${token.kind}\u0000${token.text}`) ?? [];
    switch (token.kind) {
      case 'command':
        return found(candidates[0]);
      case 'subcommand':
        return found(candidates[0], help?.subcommands?.[token.text]?.summary);
      case 'option': {
        const known = this.optionsIn(help, token.subcommand);
        // A name the installed tool does not know in this place is not explained at all.
        if (known && !(token.text in known)) return undefined;
        const shared = SHARES_OPTIONS[token.tool];
        const entry =
          this.pick(candidates, token.subcommand) ??
          (shared
            ? this.pick(this.entries.get(`${shared}\u0000option\u0000${token.text}`) ?? [], undefined)
            : undefined);
        return found(entry, known?.[token.text]);
      }
      case 'key': {
        const keys = help?.keys?.[token.option ?? ''];
        const k = keys?.[token.text];
        if (keys && !k) return undefined;
        const fits = candidates.filter((e) => e.option === token.option);
        return found(this.pick(fits, token.subcommand), k?.help, k?.formats);
      }
    }
    return undefined;
  }

  /**
   * The options valid where the cursor is, per the captured help: a subcommand's own, or the
   * tool's global ones; undefined when the help does not say (tool or subcommand not captured).
   */
  private optionsIn(help: ToolHelp | undefined, subcommand: string | undefined): Record<string, string> | undefined {
    if (!help) return undefined;
    if (!help.subcommands) return help.options;
    if (subcommand === undefined) return help.options;
    return help.subcommands[subcommand]?.options;
  }

  /** The entry for this subcommand: one that names it, else one that names none. */
  private pick(candidates: readonly ToolEntry[], subcommand: string | undefined): ToolEntry | undefined {
    return (
      (subcommand !== undefined ? candidates.find((e) => e.subcommands?.includes(subcommand)) : undefined) ??
      candidates.find((e) => !e.subcommands)
    );
  }
}
