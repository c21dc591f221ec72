/**
 * The editor of a bundle's SLA policies (sla.json): for a record type, in a calendar, the clocks
 * with their targets and thresholds. The file's OLAs are kept as they are.
 */
import { Alert } from 'antd';
import type { JsonFileEditorProps } from '../../draft/draft-model.js';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import type { SlaClock, SlaFile, SlaPolicy } from '../file-shapes.js';
import { BundleTextField } from '../form/bundle-text-field.js';
import { ConditionField } from '../form/condition-field.js';
import { useEditorScope } from '../form/editor-scope.js';
import { SelectField, TextField, idOptions } from '../form/field-controls.js';
import { JsonFileForm } from '../form/json-file-form.js';
import { ListSection } from '../form/list-section.js';
import { freeId, titleKeyFor } from '../list-edits.js';
import { SlaClockFields } from './sla-clock-fields.js';
import { useSlaTexts } from './sla-texts.js';

function newClock(clocks: readonly SlaClock[]): SlaClock {
  const id = freeId('resolution', clocks.map((clock) => clock.id));
  return { id, titleKey: titleKeyFor('sla', id), metric: 'resolution', stopIn: [], targets: [{ within: 'P1D' }] };
}

function PolicyFields({ path, policy }: { path: string; policy: SlaPolicy }) {
  const t = useSlaTexts();
  const common = useEditorTexts();
  const { catalogue } = useEditorScope();
  const recordType = catalogue.recordTypes.find((type) => type.id === policy.recordType);
  return (
    <>
      <TextField path={fieldPath(path, 'id')} label={common('field.id')} />
      <BundleTextField path={fieldPath(path, 'titleKey')} label={t('title')} />
      <SelectField path={fieldPath(path, 'recordType')} label={common('field.recordType')} options={idOptions(catalogue.recordTypes.map((type) => type.id))} />
      <SelectField path={fieldPath(path, 'calendar')} label={common('field.calendar')} options={idOptions(catalogue.calendars)} />
      <TextField path={fieldPath(path, 'timeZone')} label={common('field.timeZone')} help={t('timeZone.help')} optional />
      <ConditionField path={fieldPath(path, 'when')} label={t('when')} fields={recordType?.fields ?? []} withState />
      <ListSection<SlaClock> path={fieldPath(path, 'clocks')} title={t('clocks')} itemName={t('clock')} itemTitle={(clock) => clock.id} newItem={newClock}>
        {(clockPath) => <SlaClockFields path={clockPath} recordType={recordType} />}
      </ListSection>
    </>
  );
}

export function SlaEditor(props: JsonFileEditorProps<SlaFile>) {
  const t = useSlaTexts();
  const { catalogue } = props;
  const newPolicy = (policies: readonly SlaPolicy[]): SlaPolicy => {
    const id = freeId('standard', policies.map((policy) => policy.id));
    const recordType = catalogue.recordTypes[0];
    return { id, titleKey: titleKeyFor('sla', id), recordType: recordType?.id ?? '', calendar: catalogue.calendars[0] ?? '', clocks: [newClock([])] };
  };
  return (
    <JsonFileForm kind="sla" file={props} label={t('file.label')}>
      {props.value.olas && props.value.olas.length > 0 && <Alert type="info" title={t('olas.kept', { count: props.value.olas.length })} style={{ marginBottom: 16 }} />}
      <ListSection<SlaPolicy> path="policies" title={t('policies')} itemName={t('policy')} itemTitle={(policy) => policy.id} newItem={newPolicy} optional folded>
        {(path, policy) => <PolicyFields path={path} policy={policy} />}
      </ListSection>
    </JsonFileForm>
  );
}
