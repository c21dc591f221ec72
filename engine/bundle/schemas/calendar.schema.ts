import { Type, type Static } from '@sinclair/typebox';
import { I18nKey, Identifier, closedObject, fileSchema, StringEnum } from './common.schema.js';

const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
const Intervals = Type.Array(closedObject({ from: ClockTime, to: ClockTime }), { maxItems: 12 });
const DatedDay = closedObject({ date: Type.String({ format: 'date' }), nameKey: Type.Optional(I18nKey) });

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const CalendarSchema = fileSchema('calendar', 'Flowdesk business calendar', {
  id: Identifier,
  titleKey: I18nKey,
  timeZone: Type.String({ format: 'time-zone', description: 'IANA time zone, e.g. Asia/Shanghai.' }),
  week: closedObject(
    {
      mon: Type.Optional(Intervals),
      tue: Type.Optional(Intervals),
      wed: Type.Optional(Intervals),
      thu: Type.Optional(Intervals),
      fri: Type.Optional(Intervals),
      sat: Type.Optional(Intervals),
      sun: Type.Optional(Intervals),
    },
    'Working intervals per weekday; several per day (a lunch break) are allowed.',
  ),
  holidays: Type.Optional(Type.Array(DatedDay, { maxItems: 1000 })),
  workdays: Type.Optional(
    Type.Array(closedObject({ date: Type.String({ format: 'date' }), like: StringEnum(WEEKDAYS) }), {
      maxItems: 1000,
      description: 'Make-up working days: a date that works like the given weekday.',
    }),
  ),
});
export type CalendarDefinition = Static<typeof CalendarSchema>;
