/**
 * The SLA policies, OLAs and business calendars of the newest installed bundles, ready to evaluate:
 * policies by record type, calendars by id (a policy names a calendar of its own bundle or of one
 * it requires; ids are unique across what is installed together).
 */
import { createInstalledDefinitions, type InstalledRegistry } from '../bundle/installed-definitions.js';
import type { CalendarDefinition, OlaDefinition, SlaClockSpec, SlaFile, SlaPolicyDefinition } from '../bundle/schemas/index.js';
import { createBusinessCalendar, type BusinessCalendar } from '../time/business-calendar.js';
import type { Clock } from '../time/clock.js';

export interface SlaDefinitions {
  policiesFor(recordType: string): readonly SlaPolicyDefinition[];
  clockSpec(policyId: string, clockId: string): { policy: SlaPolicyDefinition; spec: SlaClockSpec } | undefined;
  /** The calendar of a policy or OLA, in the policy's time zone (its own, or the calendar's). */
  calendarOf(policy: { id: string; calendar: string; timeZone?: string }): BusinessCalendar;
  /** The OLAs watching a user task of a process. */
  olasFor(processId: string, taskId: string): readonly OlaDefinition[];
  ola(id: string): OlaDefinition | undefined;
}

export function createSlaDefinitionSource(registry: InstalledRegistry, options: { maxAgeMs?: number; clock?: Clock } = {}) {
  return createInstalledDefinitions<SlaDefinitions>(
    registry,
    (bundles) => {
      const calendars = new Map<string, CalendarDefinition>();
      const policies: SlaPolicyDefinition[] = [];
      const olas: OlaDefinition[] = [];
      for (const bundle of bundles) {
        for (const file of bundle.manifest.contents.calendars ?? []) {
          const calendar = bundle.json<CalendarDefinition>(file);
          calendars.set(calendar.id, calendar);
        }
        for (const file of bundle.manifest.contents.sla ?? []) {
          const sla = bundle.json<SlaFile>(file);
          policies.push(...(sla.policies ?? []));
          olas.push(...(sla.olas ?? []));
        }
      }
      const byType = new Map<string, SlaPolicyDefinition[]>();
      for (const policy of policies) byType.set(policy.recordType, [...(byType.get(policy.recordType) ?? []), policy]);
      const built = new Map<string, BusinessCalendar>();
      return {
        policiesFor: (recordType) => byType.get(recordType) ?? [],
        clockSpec(policyId, clockId) {
          const policy = policies.find((p) => p.id === policyId);
          const spec = policy?.clocks.find((c) => c.id === clockId);
          return policy && spec ? { policy, spec } : undefined;
        },
        olasFor: (processId, taskId) => olas.filter((o) => o.process === processId && o.tasks.includes(taskId)),
        ola: (id) => olas.find((o) => o.id === id),
        calendarOf(policy) {
          const key = `${policy.calendar}\n${policy.timeZone ?? ''}`;
          let calendar = built.get(key);
          if (!calendar) {
            const definition = calendars.get(policy.calendar);
            // The bundle validator checked that the calendar exists; a required bundle removed since is an installation error.
            if (!definition) throw new Error(`"${policy.id}" names the calendar "${policy.calendar}", which no installed bundle defines`);
            calendar = createBusinessCalendar({ ...definition, timeZone: policy.timeZone ?? definition.timeZone });
            built.set(key, calendar);
          }
          return calendar;
        },
      };
    },
    options,
  );
}
