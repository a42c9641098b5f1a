/**
 * Drop counters: one row per reason and local day, kept 30 days. Zod-free, so
 * anything that reads the database (the popup among them) can use it without
 * loading the schema library.
 */
export { COUNTER_DAYS as COUNTER_RETENTION_DAYS } from './disclosure';

export function counterRowName(counter: string, day: string): string {
  return `${counter}|${day}`;
}
