/**
 * The shapes of the bundle files these editors edit, as the editors read them. The engine's TypeBox
 * schemas (engine/bundle/schemas/) are the authority: the designer cannot import them (they are
 * server code), so each edit is checked by that very schema compiled on the server
 * (schema-validation.ts), and choices.test.ts holds the closed lists below to the schemas' enums.
 * Optional properties are optional here too, so an editor never invents a value the author did not set.
 */
import type { GRANT_ACTIONS, GRANT_SCOPES, NOTIFICATION_EVENTS, QUALITY_GROUPS, QUALITY_MEASURES, QUALITY_PERIODS, SLA_METRICS, TARGET_OPS, WEEKDAYS } from './choices.js';

export type FieldValue = string | number | boolean;
/** Record fields (and `state`) and the value each must have, or one of a list. */
export type Condition = Record<string, FieldValue | FieldValue[]>;
export type Weekday = (typeof WEEKDAYS)[number];

/** Common to every file: where an editor finds the schema. */
interface SchemaPointer {
  $schema?: string;
}

export type NotificationRecipient = { role: string } | { field: string } | { party: string };

export interface NotificationRule {
  id: string;
  event: (typeof NOTIFICATION_EVENTS)[number];
  recordType?: string;
  when?: Condition;
  channel: 'email' | 'inbox' | 'webhook';
  recipients: NotificationRecipient[];
  subjectKey: string;
  bodyKey: string;
}

export interface NotificationsFile extends SchemaPointer {
  rules: NotificationRule[];
}

export type SlaAction = { notify: string } | { set: { state?: string; fields?: Record<string, FieldValue> } } | { plugin: string };

export interface SlaThreshold {
  atPercent: number;
  actions: SlaAction[];
  repeatEvery?: string;
}

export interface SlaClock {
  id: string;
  titleKey: string;
  metric: (typeof SLA_METRICS)[number];
  startIn?: string[];
  pauseIn?: string[];
  stopIn: string[];
  targets: Array<{ when?: Condition; within: string }>;
  thresholds?: SlaThreshold[];
}

export interface SlaPolicy {
  id: string;
  titleKey: string;
  recordType: string;
  calendar: string;
  timeZone?: string;
  when?: Condition;
  clocks: SlaClock[];
}

/** `olas` are kept as they are: this editor edits the policies. */
export interface SlaFile extends SchemaPointer {
  policies?: SlaPolicy[];
  olas?: unknown[];
}

export interface WorkingInterval {
  from: string;
  to: string;
}

export type Week = Partial<Record<Weekday, WorkingInterval[]>>;

export interface Holiday {
  date: string;
  to?: string;
  nameKey?: string;
}

export interface Workday {
  date: string;
  like: Weekday;
}

export interface CalendarFile extends SchemaPointer {
  id: string;
  titleKey: string;
  timeZone: string;
  week: Week;
  changes?: Array<{ from: string; week: Week }>;
  holidays?: Holiday[];
  workdays?: Workday[];
}

export interface QualityRule {
  id: string;
  titleKey: string;
  recordType: string;
  measure: (typeof QUALITY_MEASURES)[number];
  where?: Record<string, FieldValue>;
  resolvedStates?: string[];
  groupBy?: (typeof QUALITY_GROUPS)[number];
  serviceField?: string;
  period: (typeof QUALITY_PERIODS)[number];
  timeZone?: string;
  target: { op: (typeof TARGET_OPS)[number]; value: number };
}

export interface QualityFile extends SchemaPointer {
  rules: QualityRule[];
}

export interface CatalogFamily {
  id: string;
  titleKey: string;
  descriptionKey?: string;
}

export interface CatalogSubcategory {
  id: string;
  titleKey: string;
  keywords?: string[];
}

export interface CatalogService {
  id: string;
  family: string;
  titleKey: string;
  descriptionKey?: string;
  keywords?: string[];
  subcategories?: CatalogSubcategory[];
}

export interface CatalogEntry {
  id: string;
  titleKey: string;
  descriptionKey?: string;
  family: string;
  service: string;
  subcategory?: string;
  keywords?: string[];
  recordType: string;
  process: string;
  startForm?: string;
  sla?: string;
  calendar?: string;
  requestableBy?: string[];
  approvals?: Array<{ id: string; role: string }>;
}

export interface CatalogFile extends SchemaPointer {
  families: CatalogFamily[];
  services: CatalogService[];
  entries: CatalogEntry[];
}

export interface RoleGrant {
  recordType: string;
  actions: Array<(typeof GRANT_ACTIONS)[number]>;
  scope: (typeof GRANT_SCOPES)[number];
  fields?: string[];
}

export interface RoleDefinition {
  id: string;
  titleKey: string;
  grants: RoleGrant[];
}

export interface RolesFile extends SchemaPointer {
  roles: RoleDefinition[];
}
