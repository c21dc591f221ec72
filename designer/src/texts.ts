/**
 * The designer's own texts: each part of the designer keeps its table beside its code, in both
 * languages (the type makes zh-CN list every English key), read in the user's language.
 */
import { useI18n } from '../../runtime/web/index.js';

export type TextValues = Record<string, string | number>;
export type TextOf<K extends string> = (key: K, values?: TextValues) => string;

function format(text: string, values?: TextValues): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (values && name in values ? String(values[name]) : whole));
}

/** A hook giving `t(key, values)` over one table: `const useTexts = defineTexts(en, zhCN)`. */
export function defineTexts<K extends string>(en: Record<K, string>, zhCN: Record<K, string>): () => TextOf<K> {
  return function useTexts() {
    const { locale } = useI18n();
    const table = locale === 'zh-CN' ? zhCN : en;
    return (key, values) => format(table[key], values);
  };
}
