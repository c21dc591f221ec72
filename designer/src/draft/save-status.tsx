/** Where the draft's saving stands, and the conflict when another admin saved in between. */
import { Alert, Button, Tag } from 'antd';
import { useApi, useI18n } from '../../../runtime/web/index.js';
import { useDesignerTexts } from '../designer-texts.js';
import type { SaveState } from './use-draft.js';

export function SaveStatus({ save, version }: { save: SaveState; version: number }) {
  const t = useDesignerTexts();
  switch (save.kind) {
    case 'saved':
      return <Tag color="green" role="status">{t('draft.saved', { version })}</Tag>;
    case 'pending':
      return <Tag role="status">{t('draft.unsaved')}</Tag>;
    case 'saving':
      return <Tag color="blue" role="status">{t('draft.saving')}</Tag>;
    case 'failed':
      return <Tag color="red" role="status">{t('draft.saveFailed', { message: save.error.message })}</Tag>;
    case 'conflict':
      return null;
  }
}

export function ConflictBanner({ save, onReload }: { save: SaveState; onReload(): void }) {
  const t = useDesignerTexts();
  const { locale } = useI18n();
  const theirs = save.kind === 'conflict' ? save.theirs : null;
  // Saves name the user id; the admin wants a name.
  const people = useApi<{ items: Array<{ id: string; name: string; login: string | null }> }>(theirs ? '/people' : null, theirs ? { kind: 'user', ids: theirs.updatedBy } : undefined);
  if (save.kind !== 'conflict') return null;
  const person = people.data?.items[0];
  const who = person ? `${person.name}${person.login ? ` (${person.login})` : ''}` : (save.theirs?.updatedBy ?? '?');
  const when = save.theirs ? new Date(save.theirs.updatedAt).toLocaleString(locale) : '?';
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('draft.conflict', { who, when })}
      action={<Button danger onClick={onReload}>{t('draft.conflictReload')}</Button>}
      style={{ marginBottom: 12 }}
    />
  );
}
