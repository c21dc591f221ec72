/**
 * Every installed bundle's texts in one locale, for the web apps to name what bundles define
 * (record types, states, fields, catalog entries) in the user's language.
 */
import { createInstalledDefinitions, LOCALES, type BundleRegistry, type Clock, type I18nFile, type Locale } from '../../engine/index.js';

export type BundleTexts = Record<string, Record<string, string>>;

export interface BundleTextSource {
  /** `{ <bundle>: { <key>: <text> } }` from the newest version of each bundle. */
  get(locale: Locale): Promise<BundleTexts>;
}

export function createBundleTextSource(registry: Pick<BundleRegistry, 'listVersions' | 'readFiles'>, options: { clock?: Clock } = {}): BundleTextSource {
  const installed = createInstalledDefinitions(
    registry,
    (bundles) => {
      const byLocale = new Map<Locale, BundleTexts>(LOCALES.map((locale) => [locale, {}]));
      for (const bundle of bundles) {
        for (const path of bundle.manifest.contents.i18n ?? []) {
          const file = bundle.json<I18nFile>(path);
          const texts = byLocale.get(file.locale);
          if (texts) texts[bundle.name] = { ...file.messages };
        }
      }
      return byLocale;
    },
    options,
  );
  return { get: async (locale) => (await installed.get()).get(locale) ?? {} };
}
