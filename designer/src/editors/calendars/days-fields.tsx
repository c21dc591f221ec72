/**
 * A calendar's holidays and make-up working days: each a list to edit item by item (a holiday's
 * name in both languages), and a box to paste many at once.
 */
import { useChoiceOptions } from '../choice-texts.js';
import { WEEKDAYS } from '../choices.js';
import { fieldPath } from '../field-paths.js';
import type { Holiday, Workday } from '../file-shapes.js';
import { BundleTextField } from '../form/bundle-text-field.js';
import { useBundleTextEditor } from '../form/editor-scope.js';
import { SelectField, TextField, useFieldValue } from '../form/field-controls.js';
import { ListSection } from '../form/list-section.js';
import { orNothingWhenEmpty } from '../list-edits.js';
import { holidayNameKey, holidaysWithKeys, mergedByDate, parsePastedHolidays, parsePastedWorkdays } from '../pasted-dates.js';
import { useCalendarTexts } from './calendar-texts.js';
import { PastedDatesPanel, type TakePasted } from './pasted-dates-panel.js';

/** The day after the last of the list, for a new item (today when the list is empty). */
function dayAfterLast(dates: readonly string[]): string {
  const last = [...dates].sort().pop();
  const day = last ? new Date(`${last}T00:00:00Z`) : new Date();
  if (last) day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

export function HolidaysField({ calendarId }: { calendarId: string }) {
  const t = useCalendarTexts();
  const { text, setText } = useBundleTextEditor();
  const [holidays, setHolidays] = useFieldValue<Holiday[]>('holidays');
  const take: TakePasted = (pasted, mode) => {
    const { items, errors } = parsePastedHolidays(pasted);
    if (errors.length > 0) return { errors, count: 0 };
    const known = (holidays ?? []).flatMap(({ nameKey }) => (nameKey ? [{ key: nameKey, en: text('en', nameKey), 'zh-CN': text('zh-CN', nameKey) }] : []));
    const named = holidaysWithKeys(items, known, (date) => holidayNameKey(calendarId, date));
    for (const { key, en, 'zh-CN': zh } of named.texts) {
      setText('en', key, en);
      setText('zh-CN', key, zh);
    }
    setHolidays(orNothingWhenEmpty(mergedByDate(mode === 'add' ? holidays : [], named.holidays)));
    return { errors: [], count: items.length };
  };
  return (
    <>
      <ListSection<Holiday>
        path="holidays"
        title={t('holidays')}
        itemName={t('holiday')}
        itemTitle={(holiday) => [holiday.to ? `${holiday.date} – ${holiday.to}` : holiday.date, holiday.nameKey && (text('zh-CN', holiday.nameKey) || text('en', holiday.nameKey))].filter(Boolean).join(' ')}
        newItem={(list) => ({ date: dayAfterLast(list.map((holiday) => holiday.to ?? holiday.date)) })}
        optional
        folded
      >
        {(path) => (
          <>
            <TextField path={fieldPath(path, 'date')} label={t('holiday.date')} />
            <TextField path={fieldPath(path, 'to')} label={t('holiday.to')} help={t('holiday.to.help')} optional />
            <BundleTextField path={fieldPath(path, 'nameKey')} label={t('holiday.name')} optional />
          </>
        )}
      </ListSection>
      <PastedDatesPanel label={t('paste.holidays')} help={t('paste.holidays.help')} take={take} />
    </>
  );
}

export function WorkdaysField() {
  const t = useCalendarTexts();
  const weekdays = useChoiceOptions('weekday', WEEKDAYS);
  const [workdays, setWorkdays] = useFieldValue<Workday[]>('workdays');
  const take: TakePasted = (pasted, mode) => {
    const { items, errors } = parsePastedWorkdays(pasted);
    if (errors.length > 0) return { errors, count: 0 };
    setWorkdays(orNothingWhenEmpty(mergedByDate(mode === 'add' ? workdays : [], items)));
    return { errors: [], count: items.length };
  };
  return (
    <>
      <ListSection<Workday>
        path="workdays"
        title={t('workdays')}
        help={t('workdays.help')}
        itemName={t('workday')}
        itemTitle={(workday) => `${workday.date} → ${workday.like}`}
        newItem={(list) => ({ date: dayAfterLast(list.map((workday) => workday.date)), like: 'mon' })}
        optional
        folded
      >
        {(path) => (
          <>
            <TextField path={fieldPath(path, 'date')} label={t('workday.date')} />
            <SelectField path={fieldPath(path, 'like')} label={t('workday.like')} options={weekdays} />
          </>
        )}
      </ListSection>
      <PastedDatesPanel label={t('paste.workdays')} help={t('paste.workdays.help')} take={take} />
    </>
  );
}
