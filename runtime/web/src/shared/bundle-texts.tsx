/**
 * Texts of the installed bundles (GET /texts) in the user's language: record types, states and
 * fields are named by i18n keys of the bundle that defines them.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useApi } from './use-api.js';

type Texts = Record<string, Record<string, string>>;

const TextsContext = createContext<Texts>({});

export function BundleTextsProvider({ locale, children }: { locale: string; children: ReactNode }) {
  const { data } = useApi<{ bundles: Texts }>('/texts', { lang: locale });
  return <TextsContext.Provider value={data?.bundles ?? {}}>{children}</TextsContext.Provider>;
}

/** `text(bundle, key)`: the bundle's text for the key, else the key itself. */
export function useBundleText(): (bundle: string | undefined, key: string) => string {
  const texts = useContext(TextsContext);
  return (bundle, key) => (bundle ? texts[bundle]?.[key] : undefined) ?? Object.values(texts).find((messages) => key in messages)?.[key] ?? key;
}
