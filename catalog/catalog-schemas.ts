/**
 * What the catalog shows and takes, as TypeBox schemas with their types under one name: the
 * offered tree and its entries (in the caller's language), a resolved entry, customer contracts
 * and delivery rows, and the inputs that change them. The API validates and documents with them.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

/** A bundle service id (catalog.json `services[].id`). */
export const ServiceId = Type.String({ pattern: '^[a-z][a-z0-9]*([-_.][a-z0-9]+)*$', maxLength: 100 });
/** A definition of an installed bundle as `bundle:id`, or `id` alone where one bundle has it. */
const QUALIFIED_ID = '^([a-z][a-z0-9]*(-[a-z0-9]+)*:)?[a-z][a-z0-9]*([-_.][a-z0-9]+)*$';
/** An SLA policy as `id` or `bundle:id`. */
export const PolicyRef = Type.String({ pattern: QUALIFIED_ID, maxLength: 201 });
/** A catalog entry as `bundle:id`, or an id only one offered bundle uses. */
export const EntryRef = Type.String({ pattern: QUALIFIED_ID, maxLength: 201, description: '`bundle:id`, or an id only one bundle offers' });
/** A calendar day, `YYYY-MM-DD`. */
export const Day = Type.String({ format: 'date', maxLength: 10 });
const RowId = Type.String({ minLength: 1, maxLength: 36 });
const Instant = Type.String({ format: 'date-time' });

const Named = Closed({ id: Type.String(), title: Type.String() });

export const OfferedEntrySchema = Closed({
  /** The entry's id in its bundle. */
  id: Type.String(),
  /** `bundle:id`: names the entry even when two bundles use the same id. */
  ref: Type.String(),
  bundle: Type.String(),
  title: Type.String(),
  description: Nullable(Type.String()),
  keywords: Type.Array(Type.String()),
  family: Named,
  service: Named,
  subcategory: Nullable(Named),
});
export type OfferedEntry = Static<typeof OfferedEntrySchema>;

export const OfferedCatalogSchema = Closed({
  families: Type.Array(
    Closed({
      id: Type.String(),
      title: Type.String(),
      description: Nullable(Type.String()),
      services: Type.Array(
        Closed({
          id: Type.String(),
          title: Type.String(),
          description: Nullable(Type.String()),
          /** Entries of the service in none of its subcategories. */
          entries: Type.Array(OfferedEntrySchema),
          /** Only subcategories with at least one offered entry. */
          subcategories: Type.Array(Closed({ id: Type.String(), title: Type.String(), entries: Type.Array(OfferedEntrySchema) })),
        }),
      ),
    }),
  ),
});
export type OfferedCatalog = Static<typeof OfferedCatalogSchema>;

/** A definition of an installed bundle. */
export const DefinitionRefSchema = Closed({ bundle: Type.String(), id: Type.String() });
export type DefinitionRef = Static<typeof DefinitionRefSchema>;

export const ResolvedEntrySchema = Closed({
  entry: OfferedEntrySchema,
  /** The newest installed version of the entry's bundle: the version new work starts on. */
  bundle: Closed({ name: Type.String(), version: Type.String(), versionId: Type.String() }),
  recordType: DefinitionRefSchema,
  process: DefinitionRefSchema,
  startForm: Nullable(DefinitionRefSchema),
  /** The contract's SLA policy for the service when it has one for this record type, else the entry's. */
  sla: Nullable(DefinitionRefSchema),
  slaSource: Nullable(Type.Union([Type.Literal('contract'), Type.Literal('entry')])),
  /** The entry's calendar, else its SLA policy's. */
  calendar: Nullable(DefinitionRefSchema),
  approvals: Type.Array(Closed({ id: Type.String(), role: DefinitionRefSchema })),
  /** The contract that offers the entry to the caller's organization (the nearest one). */
  contractId: Type.String(),
  /** The team that delivers the service to the caller's organization, when one is set. */
  deliveringTeamId: Nullable(Type.String()),
});
export type ResolvedEntry = Static<typeof ResolvedEntrySchema>;

export const ContractServiceSchema = Closed({ service: ServiceId, slaPolicy: Type.Optional(Nullable(PolicyRef)) });

export const ContractViewSchema = Closed({
  id: Type.String(),
  organizationId: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('inactive')]),
  startsOn: Type.String(),
  endsOn: Nullable(Type.String()),
  services: Type.Array(Closed({ service: Type.String(), slaPolicy: Nullable(Type.String()) })),
  createdAt: Instant,
  updatedAt: Instant,
});
export type ContractView = Static<typeof ContractViewSchema>;

const ContractName = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const ContractStatus = Type.Union([Type.Literal('active'), Type.Literal('inactive')]);
const ContractServices = Type.Array(ContractServiceSchema, { maxItems: 1000 });

export const NewContractSchema = Closed({
  organizationId: RowId,
  name: ContractName,
  status: Type.Optional(ContractStatus),
  startsOn: Day,
  endsOn: Type.Optional(Nullable(Day)),
  services: ContractServices,
});
export type NewContract = Static<typeof NewContractSchema>;

/** Fields left out stay as they are; `services`, when given, replaces the whole list. */
export const ContractPatchSchema = Closed({
  name: Type.Optional(ContractName),
  status: Type.Optional(ContractStatus),
  startsOn: Type.Optional(Day),
  endsOn: Type.Optional(Nullable(Day)),
  services: Type.Optional(ContractServices),
});
export type ContractPatch = Static<typeof ContractPatchSchema>;

export const DeliveryViewSchema = Closed({
  organizationId: Type.String(),
  service: Type.String(),
  teamId: Type.String(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type DeliveryView = Static<typeof DeliveryViewSchema>;
