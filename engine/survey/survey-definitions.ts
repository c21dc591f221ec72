/** The satisfaction surveys of the newest installed bundles, by record type. */
import { createInstalledDefinitions, type InstalledRegistry } from '../bundle/installed-definitions.js';
import type { SurveyDefinition, SurveysFile } from '../bundle/schemas/index.js';
import type { Clock } from '../time/clock.js';

export interface SurveyDefinitions {
  surveysFor(recordType: string): readonly SurveyDefinition[];
  survey(id: string): SurveyDefinition | undefined;
  /** The bundle version (`name@version`) that defines the survey. */
  bundleVersionOf(id: string): string | undefined;
}

export function createSurveyDefinitionSource(registry: InstalledRegistry, options: { maxAgeMs?: number; clock?: Clock } = {}) {
  return createInstalledDefinitions<SurveyDefinitions>(
    registry,
    (bundles) => {
      const surveys = bundles.flatMap((bundle) =>
        (bundle.manifest.contents.surveys ?? []).flatMap((file) => bundle.json<SurveysFile>(file).surveys.map((survey) => ({ survey, bundleVersion: `${bundle.name}@${bundle.version}` }))),
      );
      const byId = new Map(surveys.map((s) => [s.survey.id, s]));
      return {
        surveysFor: (recordType) => surveys.filter((s) => s.survey.recordType === recordType).map((s) => s.survey),
        survey: (id) => byId.get(id)?.survey,
        bundleVersionOf: (id) => byId.get(id)?.bundleVersion,
      };
    },
    options,
  );
}
