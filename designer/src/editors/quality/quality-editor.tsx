/** The editor of a bundle's quality (KPI) rules (quality.json): what is measured, over which records, per period, against which target. */
import type { JsonFileEditorProps } from '../../draft/draft-model.js';
import { useChoiceOptions } from '../choice-texts.js';
import { QUALITY_GROUPS, QUALITY_MEASURES, QUALITY_PERIODS, RESOLUTION_MEASURES } from '../choices.js';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import type { QualityFile, QualityRule } from '../file-shapes.js';
import { BundleTextField } from '../form/bundle-text-field.js';
import { ConditionField } from '../form/condition-field.js';
import { useEditorScope } from '../form/editor-scope.js';
import { MultiSelectField, NumberField, SelectField, TextField, idOptions } from '../form/field-controls.js';
import { JsonFileForm } from '../form/json-file-form.js';
import { ListSection } from '../form/list-section.js';
import { freeId, titleKeyFor } from '../list-edits.js';
import { useQualityTexts } from './quality-texts.js';

function RuleFields({ path, rule }: { path: string; rule: QualityRule }) {
  const t = useQualityTexts();
  const common = useEditorTexts();
  const { catalogue } = useEditorScope();
  const measures = useChoiceOptions('measure', QUALITY_MEASURES);
  const groups = useChoiceOptions('group', QUALITY_GROUPS);
  const periods = useChoiceOptions('period', QUALITY_PERIODS);
  const recordType = catalogue.recordTypes.find((type) => type.id === rule.recordType);
  const fields = recordType?.fields ?? [];
  return (
    <>
      <TextField path={fieldPath(path, 'id')} label={common('field.id')} />
      <BundleTextField path={fieldPath(path, 'titleKey')} label={t('title')} />
      <SelectField path={fieldPath(path, 'recordType')} label={common('field.recordType')} options={idOptions(catalogue.recordTypes.map((type) => type.id))} />
      <SelectField path={fieldPath(path, 'measure')} label={t('measure')} options={measures} />
      <ConditionField path={fieldPath(path, 'where')} label={t('where')} fields={fields} />
      <MultiSelectField
        path={fieldPath(path, 'resolvedStates')}
        label={t('resolvedStates')}
        help={t('resolvedStates.help')}
        optional={!RESOLUTION_MEASURES.includes(rule.measure)}
        options={idOptions(recordType?.states ?? [])}
      />
      <SelectField path={fieldPath(path, 'groupBy')} label={t('groupBy')} optional options={groups} />
      <SelectField path={fieldPath(path, 'serviceField')} label={t('serviceField')} help={t('serviceField.help')} optional options={idOptions(fields)} />
      <SelectField path={fieldPath(path, 'period')} label={t('period')} options={periods} />
      <TextField path={fieldPath(path, 'timeZone')} label={common('field.timeZone')} help={t('timeZone.help')} optional />
      <SelectField
        path={fieldPath(path, 'target', 'op')}
        label={t('target.op')}
        options={[
          { value: '>=', label: `${t('target.op.atLeast')} (>=)` },
          { value: '<=', label: `${t('target.op.atMost')} (<=)` },
        ]}
      />
      <NumberField path={fieldPath(path, 'target', 'value')} label={t('target.value')} />
    </>
  );
}

export function QualityEditor(props: JsonFileEditorProps<QualityFile>) {
  const t = useQualityTexts();
  const newRule = (rules: readonly QualityRule[]): QualityRule => {
    const id = freeId('kpi', rules.map((rule) => rule.id));
    return { id, titleKey: titleKeyFor('quality', id), recordType: props.catalogue.recordTypes[0]?.id ?? '', measure: 'sla-met-share', period: 'month', target: { op: '>=', value: 0.9 } };
  };
  return (
    <JsonFileForm kind="quality" file={props} label={t('file.label')}>
      <ListSection<QualityRule> path="rules" title={t('rules')} itemName={t('rule')} itemTitle={(rule) => rule.id} newItem={newRule} folded>
        {(path, rule) => <RuleFields path={path} rule={rule} />}
      </ListSection>
    </JsonFileForm>
  );
}
