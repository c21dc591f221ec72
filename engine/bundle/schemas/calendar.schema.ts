import { Type, type Static } from '@sinclair/typebox';
import { WEEKDAYS } from '../../time/business-calendar.js';
import { I18nKey, Identifier, closedObject, fileSchema, StringEnum } from './common.schema.js';

export { WEEKDAYS };

const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$' });
const Intervals = Type.Array(closedObject({ from: ClockTime, to: ClockTime }), { maxItems: 12 });
const Day = Type.String({ format: 'date' });
const Holiday = closedObject({ date: Day, to: Type.Optional(Type.String({ format: 'date', description: 'The last day of a holiday of several days.' })), nameKey: Type.Optional(I18nKey) });


const Week = closedObject(
  {
    mon: Type.Optional(Intervals),
    tue: Type.Optional(Intervals),
    wed: Type.Optional(Intervals),
    thu: Type.Optional(Intervals),
    fri: Type.Optional(Intervals),
    sat: Type.Optional(Intervals),
    sun: Type.Optional(Intervals),
  },
  'Working intervals per weekday in the calendar time zone, in order; several per day (a lunch break) are allowed; `to` may be 24:00.',
);

export const CalendarSchema = fileSchema('calendar', 'Flowdesk business calendar', {
  id: Identifier,
  titleKey: I18nKey,
  timeZone: Type.String({ format: 'time-zone', description: 'IANA time zone, e.g. Asia/Shanghai.' }),
  week: Week,
  changes: Type.Optional(
    Type.Array(closedObject({ from: Day, week: Week }), { maxItems: 100, description: 'Weekly patterns in effect from a date on (summer hours), each replacing the ones before.' }),
  ),
  holidays: Type.Optional(Type.Array(Holiday, { maxItems: 1000 })),
  workdays: Type.Optional(
    Type.Array(closedObject({ date: Day, like: StringEnum(WEEKDAYS) }), {
      maxItems: 1000,
      description: 'Make-up working days (调休): a date that works like the given weekday, holiday or not.',
    }),
  ),
});
export type CalendarDefinition = Static<typeof CalendarSchema>;
