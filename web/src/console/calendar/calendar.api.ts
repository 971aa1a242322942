import type {
  CalendarChange,
  CalendarDayBody,
  CalendarImportResult,
  CalendarYear,
  SlaPolicy,
  SlaPolicyBody,
  SlaPolicyList,
} from '@doorstep/contract';
import { queryOptions } from '@tanstack/react-query';
import { api, upload } from '../../app/api';
import { queryClient } from '../../app/queries';

/** Every calendar query lives under ['calendar'], so one invalidation refreshes the year, policies and log. */
export const yearQuery = (year: number) =>
  queryOptions({
    queryKey: ['calendar', 'year', year],
    queryFn: () => api<CalendarYear>(`/api/calendar/${year}`),
  });

export const policiesQuery = queryOptions({
  queryKey: ['calendar', 'policies'],
  queryFn: () => api<SlaPolicyList>('/api/sla-policies'),
});

export const changesQuery = queryOptions({
  queryKey: ['calendar', 'changes'],
  queryFn: () => api<{ items: CalendarChange[] }>('/api/calendar/changes?limit=20'),
});

export const refreshCalendar = () => queryClient.invalidateQueries({ queryKey: ['calendar'] });

export const calendarApi = {
  setDay: (date: string, body: CalendarDayBody) =>
    api(`/api/calendar/days/${date}`, { method: 'PUT', json: body }),
  clearDay: (date: string) => api(`/api/calendar/days/${date}`, { method: 'DELETE' }),
  savePolicy: (p: Pick<SlaPolicy, 'slaClass' | 'urgency'>, body: SlaPolicyBody) =>
    api<SlaPolicy>(`/api/sla-policies/${p.slaClass}/${p.urgency}`, { method: 'PUT', json: body }),
  importYear: (year: number, file: File, mode: 'dry_run' | 'commit', onProgress: (p: number) => void) => {
    const form = new FormData();
    form.append('mode', mode);
    form.append('file', file);
    return upload<CalendarImportResult>(`/api/calendar/${year}/import`, form, onProgress);
  },
};
