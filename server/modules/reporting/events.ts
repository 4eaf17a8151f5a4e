/** The events 报告制度 announces (module.ts `eventKinds`): 催报 of a missing report and a report returned. */
import type { EventKindDef } from '../../../common/events';

export const REPORTING_EVENTS = { remind: 'reporting.remind', returned: 'reporting.returned' } as const;

export const REPORTING_EVENT_KINDS: EventKindDef[] = [
  { key: REPORTING_EVENTS.remind, label: '催报(报告未报)' },
  { key: REPORTING_EVENTS.returned, label: '报告被退回' },
];
