/** The satisfaction surveys of the newest installed bundles, by record type. */
import { createInstalledDefinitions, type InstalledRegistry } from '../bundle/installed-definitions.js';
import type { SurveyDefinition, SurveysFile } from '../bundle/schemas/index.js';
import type { Clock } from '../time/clock.js';

export interface SurveyDefinitions {
  surveysFor(recordType: string): readonly SurveyDefinition[];
  survey(id: string): SurveyDefinition | undefined;
}

export function createSurveyDefinitionSource(registry: InstalledRegistry, options: { maxAgeMs?: number; clock?: Clock } = {}) {
  return createInstalledDefinitions<SurveyDefinitions>(
    registry,
    (bundles) => {
      const surveys = bundles.flatMap((bundle) => (bundle.manifest.contents.surveys ?? []).flatMap((file) => bundle.json<SurveysFile>(file).surveys));
      return {
        surveysFor: (recordType) => surveys.filter((s) => s.recordType === recordType),
        survey: (id) => surveys.find((s) => s.id === id),
      };
    },
    options,
  );
}
