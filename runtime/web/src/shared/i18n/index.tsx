/**
 * The web apps' language: the user's choice (kept with their account), zh-CN or en. UI texts come
 * from en.ts / zh-CN.ts; bundle texts arrive from the server already in the caller's language.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const CATALOGS = { en, 'zh-CN': zhCN } as const;

/** zh, zh-Hans, zh-CN… → zh-CN; anything else → en. */
export function localeOf(language: string | undefined | null): Locale {
  return language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages = CATALOGS[locale];
  return (key, values) => messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

interface I18n {
  locale: Locale;
  t: Translate;
}

const I18nContext = createContext<I18n>({ locale: 'en', t: translator('en') });

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  return <I18nContext.Provider value={{ locale, t: translator(locale) }}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}

export type { MessageKey };
