import { UsageError } from './diagnostics.js';

/** True for a YYYY-MM-DD date that exists: 2026-02-30 does not. */
export function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Reproducible dates: SOURCE_DATE_EPOCH when set, otherwise the guide's content date at midnight UTC. */
export function documentDate(contentDate: string, sourceDateEpoch: string | undefined): Date {
  if (sourceDateEpoch === undefined || sourceDateEpoch === '') return new Date(`${contentDate}T00:00:00Z`);
  const date = new Date(Number(sourceDateEpoch) * 1000);
  if (!/^\d+$/.test(sourceDateEpoch) || Number.isNaN(date.getTime())) {
    throw new UsageError('SOURCE_DATE_EPOCH must be a whole number of seconds since 1970', { path: 'SOURCE_DATE_EPOCH', hint: 'unset it or set it to a Unix timestamp' });
  }
  return date;
}
