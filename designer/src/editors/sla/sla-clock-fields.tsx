/** One clock of an SLA policy: what it measures, the states that start, pause and stop it, its targets and thresholds. */
import type { RecordTypeSummary } from '../../draft/draft-model.js';
import { useChoiceOptions } from '../choice-texts.js';
import { SLA_METRICS } from '../choices.js';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import type { SlaClock, SlaThreshold } from '../file-shapes.js';
import { BundleTextField } from '../form/bundle-text-field.js';
import { ConditionField } from '../form/condition-field.js';
import { MultiSelectField, NumberField, SelectField, TextField, idOptions } from '../form/field-controls.js';
import { ListSection } from '../form/list-section.js';
import { SlaActionsField } from './sla-action-fields.js';
import { useSlaTexts } from './sla-texts.js';

type Target = SlaClock['targets'][number];

export function SlaClockFields({ path, recordType }: { path: string; recordType: RecordTypeSummary | undefined }) {
  const t = useSlaTexts();
  const common = useEditorTexts();
  const metrics = useChoiceOptions('metric', SLA_METRICS);
  const states = idOptions(recordType?.states ?? []);
  const fields = recordType?.fields ?? [];
  return (
    <>
      <TextField path={fieldPath(path, 'id')} label={common('field.id')} />
      <BundleTextField path={fieldPath(path, 'titleKey')} label={t('title')} />
      <SelectField path={fieldPath(path, 'metric')} label={t('metric')} options={metrics} />
      <MultiSelectField path={fieldPath(path, 'startIn')} label={t('startIn')} help={t('startIn.help')} optional options={states} />
      <MultiSelectField path={fieldPath(path, 'pauseIn')} label={t('pauseIn')} optional options={states} />
      <MultiSelectField path={fieldPath(path, 'stopIn')} label={t('stopIn')} options={states} />
      <ListSection<Target> path={fieldPath(path, 'targets')} title={t('targets')} itemName={t('target')} itemTitle={(target) => target.within} newItem={() => ({ within: 'P1D' })}>
        {(targetPath) => (
          <>
            <ConditionField path={fieldPath(targetPath, 'when')} label={t('target.when')} fields={fields} withState />
            <TextField path={fieldPath(targetPath, 'within')} label={t('within')} help={t('within.help')} />
          </>
        )}
      </ListSection>
      <ListSection<SlaThreshold>
        path={fieldPath(path, 'thresholds')}
        title={t('thresholds')}
        itemName={t('threshold')}
        itemTitle={(threshold) => `${threshold.atPercent} %`}
        newItem={() => ({ atPercent: 100, actions: [] })}
        optional
      >
        {(thresholdPath) => (
          <>
            <NumberField path={fieldPath(thresholdPath, 'atPercent')} label={t('atPercent')} min={1} max={1000} />
            <TextField path={fieldPath(thresholdPath, 'repeatEvery')} label={t('repeatEvery')} help={t('within.help')} optional />
            <SlaActionsField path={fieldPath(thresholdPath, 'actions')} recordType={recordType} />
          </>
        )}
      </ListSection>
    </>
  );
}
