/**
 * Whether a trail's event selectors record a given write management event (ECR PutImage, EC2
 * RunInstances): basic selectors (management events, read/write type, excluded sources) or advanced
 * field selectors. One answer per event: a trail may record one and leave the other out.
 */
import type { FieldSelectorInfo, TrailSelectors } from '../../adapters/cloudtrail-reader';

export interface ManagementEvent {
  eventSource: string;
  eventName: string;
}

export interface SelectorVerdict {
  records: boolean;
  why: string;
}

/** The values this event has for the fields advanced selectors filter on. */
function valueOf(field: string, e: ManagementEvent): string | undefined {
  switch (field) {
    case 'eventCategory':
      return 'Management';
    case 'readOnly':
      return 'false';
    case 'eventSource':
      return e.eventSource;
    case 'eventName':
      return e.eventName;
    default:
      return undefined;
  }
}

function admits(f: FieldSelectorInfo, value: string): boolean {
  if (f.equals && !f.equals.includes(value)) return false;
  if (f.notEquals?.includes(value)) return false;
  if (f.startsWith && !f.startsWith.some((p) => value.startsWith(p))) return false;
  if (f.notStartsWith?.some((p) => value.startsWith(p))) return false;
  return true;
}

export function recordsManagementEvent(s: TrailSelectors, e: ManagementEvent): SelectorVerdict {
  if (s.basic.length === 0 && s.advanced.length === 0) return { records: true, why: 'default selectors (all management events)' };
  for (const b of s.basic) {
    const rw = b.readWriteType ?? 'All';
    if (b.includeManagementEvents === false || rw === 'ReadOnly') continue;
    if (b.excludeManagementEventSources?.includes(e.eventSource)) continue;
    return { records: true, why: `event selector: management events, ${rw}` };
  }
  for (const a of s.advanced) {
    if (!a.fields.some((f) => f.field === 'eventCategory' && f.equals?.includes('Management'))) continue;
    const known = a.fields.filter((f) => valueOf(f.field, e) !== undefined);
    if (!known.every((f) => admits(f, valueOf(f.field, e)!))) continue;
    const extra = a.fields.filter((f) => valueOf(f.field, e) === undefined).map((f) => f.field);
    return { records: true, why: `advanced selector ${JSON.stringify(a.name ?? '(unnamed)')}: management events${extra.length > 0 ? ` (also filtered on ${extra.join(', ')})` : ''}` };
  }
  return { records: false, why: `its selectors leave out write management events from ${e.eventSource}` };
}
