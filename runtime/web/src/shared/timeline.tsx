/**
 * One timeline of a record: replies, work notes (for those who may read them), field and state
 * changes, and process steps, oldest first. Comment bodies are plain text and shown as text.
 */
import { Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from './format.js';
import { useI18n, type MessageKey } from './i18n/index.js';
import { FieldValue } from './field-value.js';
import { PersonName } from './person-name.js';
import { useRecordNames } from './records.js';
import { useSession } from './session.js';

export interface CommentItem {
  id: string;
  kind: 'reply' | 'work-note';
  body: string;
  authorId: string;
  createdAt: string;
}

export interface HistoryItem {
  id: string;
  kind: string;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
  actor: string;
  at: string;
}

export interface StepItem {
  id: string;
  name: string | null;
  elementId: string;
  at: string;
}

const PLACEMENT_KINDS: Record<string, MessageKey> = { assignee: 'history.assignee', caller: 'history.caller', team: 'history.team', organization: 'history.organization' };

type Entry = { at: string; key: string; node: React.ReactNode; colour: string };

export function RecordTimeline({ type, comments, history = [], steps = [], showFieldChanges = false }: { type: string; comments: CommentItem[]; history?: HistoryItem[]; steps?: StepItem[]; showFieldChanges?: boolean }) {
  const { t, locale } = useI18n();
  const { user } = useSession();
  const names = useRecordNames();
  const when = (at: string) => <Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDateTime(at, locale, user.timeZone)}</Typography.Text>;
  /** A field's value by its type's names; who holds or asked by name; other ids as they are. */
  const placementValue = (h: HistoryItem, value: unknown) => {
    if (h.field) return <FieldValue type={type} field={h.field} value={value} />;
    if (typeof value !== 'string' || !value) return '—';
    if (h.kind === 'assignee') return <PersonName kind="user" id={value} />;
    if (h.kind === 'caller') return <PersonName kind="person" id={value} />;
    return value;
  };
  const entries: Entry[] = [
    ...comments.map((c) => ({
      at: c.createdAt,
      key: `c${c.id}`,
      colour: c.kind === 'work-note' ? 'orange' : 'blue',
      node: (
        <div data-comment-kind={c.kind}>
          <Tag color={c.kind === 'work-note' ? 'orange' : 'blue'}>{c.kind === 'work-note' ? t('record.workNote') : t('record.publicReply')}</Tag> {when(c.createdAt)}
          <div className="fd-timeline-body">{c.body}</div>
        </div>
      ),
    })),
    ...history
      .filter((h) => h.kind === 'state' || (showFieldChanges && h.kind !== 'created'))
      .map((h) => ({
        at: h.at,
        key: `h${h.id}`,
        colour: 'gray',
        node: (
          <div data-history-kind={h.kind}>
            {h.kind === 'state' ? (
              <span>{names.state(type, String(h.oldValue))} → <strong>{names.state(type, String(h.newValue))}</strong></span>
            ) : (
              <span>
                {h.field ? names.field(type, h.field) : t(PLACEMENT_KINDS[h.kind] ?? 'ticket.fields')}: {placementValue(h, h.oldValue)} → {placementValue(h, h.newValue)}
              </span>
            )}{' '}
            {when(h.at)}
          </div>
        ),
      })),
    ...steps.map((s) => ({ at: s.at, key: `s${s.id}`, colour: 'green', node: <div data-step={s.elementId}>✓ {s.name ?? s.elementId} {when(s.at)}</div> })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  if (entries.length === 0) return <Typography.Text type="secondary">{t('inbox.empty')}</Typography.Text>;
  return <Timeline items={entries.map((e) => ({ key: e.key, color: e.colour, content: e.node }))} />;
}
