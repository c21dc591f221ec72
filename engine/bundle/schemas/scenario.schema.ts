import { Type, type Static } from '@sinclair/typebox';
import { Duration, FieldName, Identifier, LOCALES, StringEnum, closedObject, fileSchema, Reference } from './common.schema.js';

/**
 * A scenario test: a small world of organizations, teams and people (each person with a user
 * account), then steps run headless on a virtual clock against a fresh database. Ids in the world
 * are symbolic: the runner makes real rows for them and speaks of them by these ids in its results.
 */

/** Form data or record fields. A string `$user:<person>`, `$person:<person>`, `$team:<team>` or `$organization:<organization>` stands for that row's real id. */
const Data = Type.Record(FieldName, Type.Unknown(), { maxProperties: 200 });
const Name = Type.String({ minLength: 1, maxLength: 200 });
/** An instant with its offset (`2026-03-09T09:00:00+08:00`; RFC 3339 date-time requires one), so business-time scenarios mean the same everywhere. */
const Instant = Type.String({ format: 'date-time', maxLength: 40 });
/** A world id (person, team, organization) or a record name given by a `start` step. */
const WorldId = Identifier;
const WorldIdOrNone = Type.Union([WorldId, Type.Null()]);

export const SCENARIO_SLA_HEALTH = ['ok', 'warning', 'breached', 'paused', 'met', 'missed'] as const;
export const SCENARIO_CHANNELS = ['inbox', 'email'] as const;

const Organization = closedObject({ id: WorldId, name: Name, parent: Type.Optional(WorldId) }, 'An organization; a parent must be listed before it.');
const Team = closedObject({ id: WorldId, organization: WorldId, name: Name });
const Person = closedObject(
  {
    id: WorldId,
    organization: WorldId,
    name: Name,
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    language: Type.Optional(StringEnum(LOCALES)),
    manager: Type.Optional(WorldId),
    teams: Type.Optional(Type.Array(WorldId, { uniqueItems: true, maxItems: 20 })),
    roles: Type.Array(Reference, { uniqueItems: true, maxItems: 20, description: 'Bundle role ids (or admin).' }),
  },
  'A person with a user account (login = id). Without email, mail goes to <id>@example.test.',
);
const Contract = closedObject(
  { organization: WorldId, services: Type.Array(Identifier, { minItems: 1, uniqueItems: true, maxItems: 100 }), sla: Type.Optional(Reference) },
  'A customer contract, in force from long before the scenario: the organization (and those below it) may request these catalog services, under this SLA policy when given.',
);
const Delivery = closedObject({ organization: WorldId, service: Identifier, team: WorldId }, 'Which team delivers a catalog service to an organization (and those below it).');

export const ScenarioWorld = closedObject({
  organizations: Type.Array(Organization, { minItems: 1, maxItems: 50 }),
  teams: Type.Optional(Type.Array(Team, { maxItems: 50 })),
  people: Type.Array(Person, { minItems: 1, maxItems: 100 }),
  contracts: Type.Optional(Type.Array(Contract, { maxItems: 50 })),
  delivery: Type.Optional(Type.Array(Delivery, { maxItems: 200 })),
});

const TaskExpectation = closedObject({
  task: Identifier,
  team: Type.Optional(WorldId),
  candidateGroups: Type.Optional(Type.Array(Identifier, { uniqueItems: true, maxItems: 20, description: 'Exactly these: role ids and team ids.' })),
  assignee: Type.Optional(WorldIdOrNone),
});

const NotificationExpectation = closedObject({
  to: WorldId,
  rule: Type.Optional(Reference),
  channel: Type.Optional(StringEnum(SCENARIO_CHANNELS)),
  subjectContains: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  at: Type.Optional(Instant),
});

const Stars = Type.Integer({ minimum: 1, maximum: 5 });

const SurveyExpectation = Type.Object(
  {
    status: Type.Optional(StringEnum(['none', 'open', 'answered', 'auto-rated', 'expired'], '`none`: the record has asked no survey.')),
    round: Type.Optional(Type.Integer({ minimum: 1 })),
    ratings: Type.Optional(Type.Record(Identifier, Stars, { maxProperties: 5 })),
    low: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1, description: "The record's newest satisfaction survey." },
);

export const ScenarioExpectation = Type.Object(
  {
    record: Type.Optional(WorldId),
    state: Type.Optional(Identifier),
    fields: Type.Optional(Data),
    team: Type.Optional(WorldIdOrNone),
    assignee: Type.Optional(WorldIdOrNone),
    tasks: Type.Optional(Type.Array(TaskExpectation, { maxItems: 50, description: 'Exactly the open tasks of the record.' })),
    ended: Type.Optional(Type.Boolean()),
    sla: Type.Optional(Type.Record(Identifier, StringEnum(SCENARIO_SLA_HEALTH), { minProperties: 1, maxProperties: 20 })),
    notifications: Type.Optional(Type.Array(NotificationExpectation, { maxItems: 100, description: 'Exactly the notifications made since the previous expect step.' })),
    survey: Type.Optional(SurveyExpectation),
  },
  { additionalProperties: false, minProperties: 1, description: 'What must hold now, about the record a start step named with `ref`, or else the last one started.' },
);

export const ScenarioStep = Type.Union([
  closedObject(
    { start: closedObject({ catalogEntry: Reference, as: WorldId, data: Data, ref: Type.Optional(WorldId) }) },
    'A person requests a catalog entry with start form data; `ref` names the record for later steps.',
  ),
  closedObject({ complete: closedObject({ task: Identifier, as: WorldId, data: Type.Optional(Data), record: Type.Optional(WorldId) }) }, 'A person completes an open user task with its form data.'),
  closedObject({ claim: closedObject({ task: Identifier, as: WorldId, record: Type.Optional(WorldId) }) }, 'A person claims an open user task they are a candidate for.'),
  closedObject(
    { update: closedObject({ as: WorldId, record: Type.Optional(WorldId), state: Type.Optional(Identifier), fields: Type.Optional(Data) }) },
    'A person changes the record (state, fields as a merge patch) within their grants.',
  ),
  closedObject(
    {
      answerSurvey: closedObject({
        as: WorldId,
        record: Type.Optional(WorldId),
        ratings: Type.Record(Identifier, Stars, { minProperties: 1, maxProperties: 5 }),
        comment: Type.Optional(Type.String({ maxLength: 2000 })),
      }),
    },
    "The requester answers the record's open satisfaction survey.",
  ),
  closedObject(
    {
      advance: Type.Union([
        closedObject({ by: Duration, calendar: Type.Optional(Reference) }, 'Move the clock by a duration: in working time of the calendar when given.'),
        closedObject({ to: Instant }, 'Move the clock to an instant.'),
      ]),
    },
    'Time passes: every job falling due on the way runs at its due time, in due order.',
  ),
  closedObject({ expect: ScenarioExpectation }),
]);

export const ScenarioSchema = fileSchema('scenario', 'Flowdesk scenario test', {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  start: Instant,
  world: ScenarioWorld,
  steps: Type.Array(ScenarioStep, { minItems: 1, maxItems: 500 }),
});
export type ScenarioFile = Static<typeof ScenarioSchema>;
export type ScenarioStepDefinition = Static<typeof ScenarioStep>;
export type ScenarioWorldDefinition = Static<typeof ScenarioWorld>;
export type ScenarioExpectationDefinition = Static<typeof ScenarioExpectation>;
