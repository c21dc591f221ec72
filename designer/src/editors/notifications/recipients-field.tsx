/**
 * A rule's recipients: each a party of the record, the holders of a role, or the person a record
 * field names; the value is picked from the parties, the draft's roles or the record type's fields.
 */
import { Form, Select } from 'antd';
import { useId } from 'react';
import type { RecordTypeSummary } from '../../draft/draft-model.js';
import { useChoiceOptions } from '../choice-texts.js';
import { RECIPIENT_PARTIES } from '../choices.js';
import type { NotificationRecipient } from '../file-shapes.js';
import { fieldPath } from '../field-paths.js';
import { useEditorScope } from '../form/editor-scope.js';
import { SelectField, idOptions, useFieldValue } from '../form/field-controls.js';
import { ListSection } from '../form/list-section.js';
import { useNotificationTexts } from './notification-texts.js';

type RecipientKind = 'party' | 'role' | 'field';
const KINDS: readonly RecipientKind[] = ['party', 'role', 'field'];

const kindOf = (recipient: NotificationRecipient): RecipientKind => ('role' in recipient ? 'role' : 'field' in recipient ? 'field' : 'party');
const valueOf = (recipient: NotificationRecipient): string => ('role' in recipient ? recipient.role : 'field' in recipient ? recipient.field : recipient.party);

function RecipientFields({ path, recordType }: { path: string; recordType: RecordTypeSummary | undefined }) {
  const t = useNotificationTexts();
  const id = useId();
  const { catalogue } = useEditorScope();
  const parties = useChoiceOptions('party', RECIPIENT_PARTIES);
  const [recipient, setRecipient] = useFieldValue<NotificationRecipient>(path);
  const kind = recipient ? kindOf(recipient) : 'party';
  const firstOf: Record<RecipientKind, string> = { party: RECIPIENT_PARTIES[0], role: catalogue.roles[0] ?? '', field: recordType?.fields[0] ?? '' };
  const choose = (next: RecipientKind) => setRecipient({ [next]: firstOf[next] } as NotificationRecipient);
  const options = { party: parties, role: idOptions(catalogue.roles), field: idOptions(recordType?.fields ?? []) }[kind];
  return (
    <>
      <Form.Item label={t('recipient.kind')} htmlFor={id}>
        <Select<RecipientKind> id={id} value={kind} options={KINDS.map((value) => ({ value, label: t(`recipient.kind.${value}`) }))} onChange={choose} />
      </Form.Item>
      <SelectField path={fieldPath(path, kind)} label={t(`recipient.${kind}`)} options={options} />
    </>
  );
}

export function RecipientsField({ path, recordType }: { path: string; recordType: RecordTypeSummary | undefined }) {
  const t = useNotificationTexts();
  return (
    <ListSection<NotificationRecipient>
      path={path}
      title={t('recipients')}
      itemName={t('recipient')}
      itemTitle={(recipient) => `${kindOf(recipient)}: ${valueOf(recipient)}`}
      newItem={() => ({ party: 'requester' })}
    >
      {(itemPath) => <RecipientFields path={itemPath} recordType={recordType} />}
    </ListSection>
  );
}
