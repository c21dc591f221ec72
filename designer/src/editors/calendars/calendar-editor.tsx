/**
 * The editor of a business calendar (calendars/*.json): its time zone, working hours per weekday
 * and their changes over time, holidays and make-up working days.
 */
import type { JsonFileEditorProps } from '../../draft/draft-model.js';
import { useEditorTexts } from '../editor-texts.js';
import { fieldPath } from '../field-paths.js';
import type { CalendarFile, Week } from '../file-shapes.js';
import { BundleTextField } from '../form/bundle-text-field.js';
import { SelectField, TextField, idOptions } from '../form/field-controls.js';
import { JsonFileForm } from '../form/json-file-form.js';
import { ListSection } from '../form/list-section.js';
import { useCalendarTexts } from './calendar-texts.js';
import { HolidaysField, WorkdaysField } from './days-fields.js';
import { WeekField } from './week-field.js';

/** The time zones this browser knows, for the picker (the schema checks the value on the server's terms). */
const timeZones = () => idOptions(['UTC', ...Intl.supportedValuesOf('timeZone')]);

export function CalendarEditor(props: JsonFileEditorProps<CalendarFile>) {
  const t = useCalendarTexts();
  const common = useEditorTexts();
  return (
    <JsonFileForm kind="calendars" file={props} label={t('file.label')}>
      <TextField path="id" label={common('field.id')} />
      <BundleTextField path="titleKey" label={t('title')} />
      <SelectField path="timeZone" label={common('field.timeZone')} help={common('field.timeZone.help')} options={timeZones()} />
      <WeekField path="week" />
      <ListSection<{ from: string; week: Week }>
        path="changes"
        title={t('changes')}
        help={t('changes.help')}
        itemName={t('change')}
        itemTitle={(change) => change.from}
        newItem={() => ({ from: new Date().toISOString().slice(0, 10), week: props.value.week })}
        optional
        folded
      >
        {(path) => (
          <>
            <TextField path={fieldPath(path, 'from')} label={t('change.from')} />
            <WeekField path={fieldPath(path, 'week')} />
          </>
        )}
      </ListSection>
      <HolidaysField calendarId={props.value.id} />
      <WorkdaysField />
    </JsonFileForm>
  );
}
