/** The two languages every string and every article exists in. */
export type Lang = 'en' | 'zh-cn';

export const LANGS: readonly Lang[] = ['en', 'zh-cn'];

/** The user's choice in `virtkit.language`. */
export type LanguageSetting = 'auto' | Lang;

/**
 * Picks the content language: the setting when it forces one, otherwise VS Code's display
 * language. Every Chinese locale gets the Simplified Chinese content, which serves a
 * zh-tw reader better than English would.
 */
export function resolveLang(setting: string | undefined, displayLanguage: string): Lang {
  if (setting === 'en' || setting === 'zh-cn') return setting;
  return displayLanguage.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}

/** The other language, shown beside the display one so readers learn both names. */
export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'zh-cn' : 'en';
}
