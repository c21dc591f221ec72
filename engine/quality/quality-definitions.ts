/** The quality (KPI) rules of the newest installed bundles, by id. */
import { createInstalledDefinitions, type InstalledRegistry } from '../bundle/installed-definitions.js';
import type { QualityFile, QualityRuleDefinition } from '../bundle/schemas/index.js';
import type { Clock } from '../time/clock.js';

export interface QualityDefinitions {
  rule(id: string): QualityRuleDefinition | undefined;
  /** Every rule, in bundle then file order. */
  rules(): readonly QualityRuleDefinition[];
}

export function createQualityDefinitionSource(registry: InstalledRegistry, options: { maxAgeMs?: number; clock?: Clock } = {}) {
  return createInstalledDefinitions<QualityDefinitions>(
    registry,
    (bundles) => {
      const rules = bundles.flatMap((bundle) => (bundle.manifest.contents.quality ?? []).flatMap((file) => bundle.json<QualityFile>(file).rules));
      const byId = new Map(rules.map((rule) => [rule.id, rule]));
      return { rule: (id) => byId.get(id), rules: () => rules };
    },
    options,
  );
}
