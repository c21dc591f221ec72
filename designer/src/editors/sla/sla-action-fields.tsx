/**
 * The actions of an SLA threshold: send a notification rule of the draft, change the record
 * (a state, field values), or call a plugin of the draft.
 */
import { Form, Select } from 'antd';
import { useId } from 'react';
import type { RecordTypeSummary } from '../../draft/draft-model.js';
import { fieldPath } from '../field-paths.js';
import type { SlaAction } from '../file-shapes.js';
import { ConditionField } from '../form/condition-field.js';
import { useEditorScope } from '../form/editor-scope.js';
import { SelectField, idOptions, useFieldValue } from '../form/field-controls.js';
import { ListSection } from '../form/list-section.js';
import { useSlaTexts } from './sla-texts.js';

type ActionKind = 'notify' | 'set' | 'plugin';
const KINDS: readonly ActionKind[] = ['notify', 'set', 'plugin'];

const kindOf = (action: SlaAction): ActionKind => ('notify' in action ? 'notify' : 'plugin' in action ? 'plugin' : 'set');

function ActionFields({ path, recordType }: { path: string; recordType: RecordTypeSummary | undefined }) {
  const t = useSlaTexts();
  const id = useId();
  const { catalogue } = useEditorScope();
  const [action, setAction] = useFieldValue<SlaAction>(path);
  const kind = action ? kindOf(action) : 'notify';
  const fresh: Record<ActionKind, SlaAction> = {
    notify: { notify: catalogue.notificationRules[0] ?? '' },
    set: { set: {} },
    plugin: { plugin: catalogue.plugins[0]?.id ?? '' },
  };
  return (
    <>
      <Form.Item label={t('action.kind')} htmlFor={id}>
        <Select<ActionKind> id={id} value={kind} options={KINDS.map((value) => ({ value, label: t(`action.kind.${value}`) }))} onChange={(next) => setAction(fresh[next])} />
      </Form.Item>
      {kind === 'notify' && <SelectField path={fieldPath(path, 'notify')} label={t('action.notify')} options={idOptions(catalogue.notificationRules)} />}
      {kind === 'plugin' && <SelectField path={fieldPath(path, 'plugin')} label={t('action.plugin')} options={idOptions(catalogue.plugins.map((plugin) => plugin.id))} />}
      {kind === 'set' && (
        <>
          <SelectField path={fieldPath(path, 'set', 'state')} label={t('action.state')} optional options={idOptions(recordType?.states ?? [])} />
          <ConditionField path={fieldPath(path, 'set', 'fields')} label={t('action.fields')} fields={recordType?.fields ?? []} />
        </>
      )}
    </>
  );
}

export function SlaActionsField({ path, recordType }: { path: string; recordType: RecordTypeSummary | undefined }) {
  const t = useSlaTexts();
  const { catalogue } = useEditorScope();
  return (
    <ListSection<SlaAction>
      path={path}
      title={t('actions')}
      itemName={t('action')}
      itemTitle={(action) => ('notify' in action ? `notify: ${action.notify}` : 'plugin' in action ? `plugin: ${action.plugin}` : `set: ${Object.keys(action.set ?? {}).join(', ')}`)}
      newItem={() => ({ notify: catalogue.notificationRules[0] ?? '' })}
    >
      {(itemPath) => <ActionFields path={itemPath} recordType={recordType} />}
    </ListSection>
  );
}
