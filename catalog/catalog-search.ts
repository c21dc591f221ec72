/**
 * Portal search over catalog entries, in English and Chinese at once: the titles, descriptions and
 * keywords of each entry, its service and its subcategory, in both languages, prepared once per
 * set of installed versions. Every word of the query must match somewhere; an entry ranks by where
 * and how well each word matched — its own title first, whole before start before inside — so
 * exact and prefix title matches lead.
 */
import { normalizeSearchText, type Locale } from '../engine/index.js';
import type { CatalogDefinitions, InstalledEntry } from './catalog-definitions.js';
import { matchText, searchableText, type MatchKind, type SearchableText } from './pinyin-text.js';

/** The longest query taken, in characters. */
export const MAX_QUERY_LENGTH = 100;
/** Results one search returns at most. */
export const MAX_SEARCH_RESULTS = 50;

const WEIGHT = {
  title: 100,
  keyword: 60,
  subcategory: 50,
  service: 40,
  subcategoryKeyword: 30,
  serviceKeyword: 25,
  description: 15,
  serviceDescription: 10,
} as const;
const KIND_FACTOR: Record<MatchKind, number> = { exact: 3, prefix: 2, contains: 1 };

interface Field {
  weight: number;
  text: SearchableText;
}

interface IndexedEntry {
  entry: InstalledEntry;
  fields: readonly Field[];
  titles: readonly SearchableText[];
}

export interface SearchHit {
  entry: InstalledEntry;
  score: number;
}

export interface CatalogSearchIndex {
  /** Entries that `isOffered` lets through, best first; an empty query finds nothing. */
  search(query: string, isOffered: (entry: InstalledEntry) => boolean, limit: number): SearchHit[];
}

type Texts = Pick<CatalogDefinitions, 'entries' | 'services' | 'text'>;

export function buildSearchIndex(definitions: Texts, locales: readonly Locale[]): CatalogSearchIndex {
  const indexed = definitions.entries.map((entry) => indexEntry(definitions, entry, locales));
  return {
    search(query, isOffered, limit) {
      const phrase = normalizeSearchText(query);
      const terms = phrase.split(' ').filter((t) => t !== '');
      if (terms.length === 0) return [];
      const hits: Array<SearchHit & { order: number }> = [];
      indexed.forEach((item, order) => {
        if (!isOffered(item.entry)) return;
        const score = scoreOf(item, phrase, terms);
        if (score > 0) hits.push({ entry: item.entry, score, order });
      });
      hits.sort((a, b) => b.score - a.score || a.order - b.order);
      return hits.slice(0, limit).map(({ entry, score }) => ({ entry, score }));
    },
  };
}

function indexEntry(definitions: Texts, entry: InstalledEntry, locales: readonly Locale[]): IndexedEntry {
  const { definition: d, bundle } = entry;
  const service = definitions.services.get(d.service);
  const subcategory = d.subcategory === undefined ? undefined : service?.subcategories.get(d.subcategory);
  const fields: Field[] = [];
  const seen = new Set<string>();
  const add = (weight: number, text: string | undefined, withPinyin = true) => {
    if (text === undefined || seen.has(`${weight}\n${text}`)) return;
    seen.add(`${weight}\n${text}`);
    fields.push({ weight, text: searchableText(text, withPinyin) });
  };
  for (const locale of locales) {
    const textOf = (owner: string, key: string | undefined) => (key === undefined ? undefined : definitions.text(owner, locale, key));
    add(WEIGHT.title, textOf(bundle, d.titleKey));
    add(WEIGHT.description, textOf(bundle, d.descriptionKey), false);
    if (service) {
      add(WEIGHT.service, textOf(service.bundle, service.definition.titleKey));
      add(WEIGHT.serviceDescription, textOf(service.bundle, service.definition.descriptionKey), false);
    }
    if (subcategory) add(WEIGHT.subcategory, textOf(subcategory.bundle, subcategory.definition.titleKey));
  }
  d.keywords?.forEach((k) => add(WEIGHT.keyword, k));
  service?.definition.keywords?.forEach((k) => add(WEIGHT.serviceKeyword, k));
  subcategory?.definition.keywords?.forEach((k) => add(WEIGHT.subcategoryKeyword, k));
  return { entry, fields, titles: fields.filter((f) => f.weight === WEIGHT.title).map((f) => f.text) };
}

/** The sum of each word's best match, plus a bonus when the whole phrase is or starts the title; 0 when a word matches nothing. */
function scoreOf(item: IndexedEntry, phrase: string, terms: readonly string[]): number {
  let total = 0;
  for (const term of terms) {
    let best = 0;
    for (const field of item.fields) {
      if (field.weight * KIND_FACTOR.exact <= best) continue;
      const kind = matchText(field.text, term);
      if (kind) best = Math.max(best, field.weight * KIND_FACTOR[kind]);
    }
    if (best === 0) return 0;
    total += best;
  }
  if (terms.length > 1) {
    const kinds = item.titles.map((title) => matchText(title, phrase));
    if (kinds.includes('exact')) total += WEIGHT.title * KIND_FACTOR.exact;
    else if (kinds.includes('prefix')) total += WEIGHT.title * KIND_FACTOR.prefix;
  }
  return total;
}
