/** The editor of a bundle's notification rules (notifications.json): event, condition, recipients, templates with their preview. */
import type { JsonFileEditorProps } from '../../draft/draft-model.js';
import { useChoiceOptions } from '../choice-texts.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS } from '../choices.js';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import type { NotificationRule, NotificationsFile } from '../file-shapes.js';
import { BundleTextField } from '../form/bundle-text-field.js';
import { ConditionField } from '../form/condition-field.js';
import { useEditorScope } from '../form/editor-scope.js';
import { SelectField, TextField, idOptions } from '../form/field-controls.js';
import { JsonFileForm } from '../form/json-file-form.js';
import { ListSection } from '../form/list-section.js';
import { freeId } from '../list-edits.js';
import { useNotificationTexts } from './notification-texts.js';
import { RecipientsField } from './recipients-field.js';
import { TemplatePreview } from './template-preview.js';

function newRule(rules: readonly NotificationRule[]): NotificationRule {
  const id = freeId('rule', rules.map((rule) => rule.id));
  return { id, event: 'record.created', channel: 'inbox', recipients: [{ party: 'requester' }], subjectKey: `mail.${id}.subject`, bodyKey: `mail.${id}.body` };
}

function RuleFields({ path, rule }: { path: string; rule: NotificationRule }) {
  const t = useNotificationTexts();
  const common = useEditorTexts();
  const { catalogue } = useEditorScope();
  const events = useChoiceOptions('event', NOTIFICATION_EVENTS);
  const channels = useChoiceOptions('channel', NOTIFICATION_CHANNELS);
  const recordType = catalogue.recordTypes.find((type) => type.id === rule.recordType);
  return (
    <>
      <TextField path={fieldPath(path, 'id')} label={common('field.id')} />
      <SelectField path={fieldPath(path, 'event')} label={t('event')} options={events} />
      <SelectField path={fieldPath(path, 'recordType')} label={t('recordType')} help={t('recordType.help')} optional options={idOptions(catalogue.recordTypes.map((type) => type.id))} />
      <SelectField path={fieldPath(path, 'channel')} label={t('channel')} options={channels} />
      <ConditionField path={fieldPath(path, 'when')} label={t('when')} fields={recordType?.fields ?? []} withState />
      <RecipientsField path={fieldPath(path, 'recipients')} recordType={recordType} />
      <p>{t('templates.help')}</p>
      <BundleTextField path={fieldPath(path, 'subjectKey')} label={t('subject')} />
      <BundleTextField path={fieldPath(path, 'bodyKey')} label={t('body')} multiline />
      <TemplatePreview rule={rule} />
    </>
  );
}

export function NotificationsEditor(props: JsonFileEditorProps<NotificationsFile>) {
  const t = useNotificationTexts();
  return (
    <JsonFileForm kind="notifications" file={props} label={t('file.label')}>
      <ListSection<NotificationRule> path="rules" title={t('rules')} itemName={t('rule')} itemTitle={(rule) => rule.id} newItem={newRule} folded>
        {(path, rule) => <RuleFields path={path} rule={rule} />}
      </ListSection>
    </JsonFileForm>
  );
}
