/**
 * The service catalog of the newest installed bundles: families, services with their
 * subcategories, entries, the SLA policies entries and contracts name, and the texts in both
 * languages, with the search index over them. Built once per set of installed versions and
 * cached like the other definition sources. Families and services with the same id in several
 * bundles are one (the first bundle by name gives the texts; subcategories add up), so a bundle
 * can add entries to a service another one defines.
 */
import {
  createInstalledDefinitions,
  LOCALES,
  type CatalogEntry,
  type CatalogFamily,
  type CatalogFile,
  type CatalogService,
  type CatalogSubcategory,
  type Clock,
  type I18nFile,
  type InstalledBundle,
  type InstalledDefinitions,
  type InstalledRegistry,
  type Locale,
  type SlaFile,
} from '../engine/index.js';
import type { DefinitionRef, OfferedEntry } from './catalog-schemas.js';
import { buildSearchIndex, type CatalogSearchIndex } from './catalog-search.js';

export interface InstalledEntry {
  /** `bundle:id`. */
  ref: string;
  bundle: string;
  version: string;
  definition: CatalogEntry;
}

/** A definition and the bundle whose texts it uses. */
export interface Owned<T> {
  bundle: string;
  definition: T;
}

export interface OwnedService extends Owned<CatalogService> {
  subcategories: ReadonlyMap<string, Owned<CatalogSubcategory>>;
}

export interface CatalogDefinitions {
  /** In bundle-name order, then file order. */
  entries: readonly InstalledEntry[];
  /** The entries a `bundle:id` or a bare id names (a bare id may name one in several bundles). */
  entriesNamed(name: string): InstalledEntry[];
  /** By id, in the order the bundles (by name) declare them. */
  families: ReadonlyMap<string, Owned<CatalogFamily>>;
  services: ReadonlyMap<string, OwnedService>;
  /** An SLA policy given as `bundle:id` or a bare id, qualified; undefined when none is installed. */
  slaPolicy(ref: string): { ref: DefinitionRef; recordType: DefinitionRef; calendar: DefinitionRef } | undefined;
  /** The text of a bundle's i18n key, falling back to English, then to the key. */
  text(bundle: string, locale: Locale, key: string): string;
  /** An entry as the portal shows it, in one language. */
  view(entry: InstalledEntry, locale: Locale): OfferedEntry;
  index: CatalogSearchIndex;
}

/** `bundle:id` or `id` (of `bundle`) as a qualified reference. */
export function refOf(bundle: string, reference: string): DefinitionRef {
  const colon = reference.indexOf(':');
  return colon < 0 ? { bundle, id: reference } : { bundle: reference.slice(0, colon), id: reference.slice(colon + 1) };
}

export function createCatalogDefinitionSource(registry: InstalledRegistry, options: { maxAgeMs?: number; clock?: Clock } = {}): InstalledDefinitions<CatalogDefinitions> {
  return createInstalledDefinitions(registry, buildCatalogDefinitions, options);
}

export function buildCatalogDefinitions(bundles: readonly InstalledBundle[]): CatalogDefinitions {
  const entries: InstalledEntry[] = [];
  const families = new Map<string, Owned<CatalogFamily>>();
  const services = new Map<string, OwnedService & { subcategories: Map<string, Owned<CatalogSubcategory>> }>();
  const policies = new Map<string, { ref: DefinitionRef; recordType: DefinitionRef; calendar: DefinitionRef }>();
  const texts = new Map<string, Map<string, Readonly<Record<string, string>>>>();

  for (const bundle of bundles) {
    const { name, version } = bundle;
    const byLocale = new Map<string, Readonly<Record<string, string>>>();
    for (const file of bundle.manifest.contents.i18n ?? []) {
      const { locale, messages } = bundle.json<I18nFile>(file);
      byLocale.set(locale, messages);
    }
    texts.set(name, byLocale);
    for (const file of bundle.manifest.contents.sla ?? []) {
      for (const policy of bundle.json<SlaFile>(file).policies ?? []) {
        policies.set(`${name}:${policy.id}`, { ref: { bundle: name, id: policy.id }, recordType: refOf(name, policy.recordType), calendar: refOf(name, policy.calendar) });
      }
    }
    for (const file of bundle.manifest.contents.catalog ?? []) {
      const catalog = bundle.json<CatalogFile>(file);
      for (const family of catalog.families) if (!families.has(family.id)) families.set(family.id, { bundle: name, definition: family });
      for (const service of catalog.services) {
        const known = services.get(service.id) ?? { bundle: name, definition: service, subcategories: new Map() };
        services.set(service.id, known);
        for (const subcategory of service.subcategories ?? []) {
          if (!known.subcategories.has(subcategory.id)) known.subcategories.set(subcategory.id, { bundle: name, definition: subcategory });
        }
      }
      for (const definition of catalog.entries) entries.push({ ref: `${name}:${definition.id}`, bundle: name, version, definition });
    }
  }

  const text = (bundle: string, locale: Locale, key: string): string => {
    const messages = texts.get(bundle);
    return messages?.get(locale)?.[key] ?? messages?.get('en')?.[key] ?? key;
  };
  const optionalText = (bundle: string, locale: Locale, key: string | undefined) => (key === undefined ? null : text(bundle, locale, key));
  const named = (owned: Owned<{ id: string; titleKey: string }> | undefined, id: string, locale: Locale) => ({ id, title: owned ? text(owned.bundle, locale, owned.definition.titleKey) : id });

  const base = {
    entries,
    entriesNamed: (name: string) => entries.filter((e) => (name.includes(':') ? e.ref === name : e.definition.id === name)),
    families,
    services,
    slaPolicy(ref: string) {
      if (ref.includes(':')) return policies.get(ref);
      return [...policies.values()].find((p) => p.ref.id === ref);
    },
    text,
    view(entry: InstalledEntry, locale: Locale): OfferedEntry {
      const { definition: d, bundle } = entry;
      const service = services.get(d.service);
      return {
        id: d.id,
        ref: entry.ref,
        bundle,
        title: text(bundle, locale, d.titleKey),
        description: optionalText(bundle, locale, d.descriptionKey),
        keywords: d.keywords ?? [],
        family: named(families.get(d.family), d.family, locale),
        service: named(service, d.service, locale),
        subcategory: d.subcategory === undefined ? null : named(service?.subcategories.get(d.subcategory), d.subcategory, locale),
      };
    },
  };
  return { ...base, index: buildSearchIndex(base, LOCALES) };
}
