/**
 * Offered entries as the portal's wizard walks them: family → service → subcategory → entry, in
 * the order the bundles declare them, with only the branches that hold an offered entry.
 */
import type { Locale } from '../engine/index.js';
import type { CatalogDefinitions, InstalledEntry, Owned } from './catalog-definitions.js';
import type { OfferedCatalog, OfferedEntry } from './catalog-schemas.js';

type OfferedService = OfferedCatalog['families'][number]['services'][number];

export function treeOf(installed: CatalogDefinitions, entries: readonly InstalledEntry[], locale: Locale): OfferedCatalog {
  const title = (owned: Owned<{ titleKey: string }>) => installed.text(owned.bundle, locale, owned.definition.titleKey);
  const description = (owned: Owned<{ descriptionKey?: string }>) => (owned.definition.descriptionKey === undefined ? null : installed.text(owned.bundle, locale, owned.definition.descriptionKey));
  const views = entries.map((entry) => installed.view(entry, locale));

  const serviceOf = (serviceId: string, entriesOfService: OfferedEntry[]): OfferedService => {
    const service = installed.services.get(serviceId)!;
    const subcategories = [...service.subcategories]
      .map(([id, subcategory]) => ({ id, title: title(subcategory), entries: entriesOfService.filter((v) => v.subcategory?.id === id) }))
      .filter((s) => s.entries.length > 0);
    return { id: serviceId, title: title(service), description: description(service), entries: entriesOfService.filter((v) => v.subcategory === null), subcategories };
  };

  const families: OfferedCatalog['families'] = [];
  for (const [familyId, family] of installed.families) {
    const services = [...installed.services.keys()]
      .map((serviceId) => ({ serviceId, offered: views.filter((v) => v.family.id === familyId && v.service.id === serviceId) }))
      .filter(({ offered }) => offered.length > 0)
      .map(({ serviceId, offered }) => serviceOf(serviceId, offered));
    if (services.length > 0) families.push({ id: familyId, title: title(family), description: description(family), services });
  }
  return { families };
}
