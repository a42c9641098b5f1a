/**
 * The collector's configuration: flags, else environment, else defaults.
 * Every value is checked at start, and a bad one stops the start with a
 * message naming it, so a typo never runs a collector with a surprise.
 */
import path from 'node:path';
import { MIN_K } from '../contract/report';
import { DEFAULT_WEEK_OPEN_DAYS } from '../contract/week';

/**
 * Requests per minute per token. Sized for 10,000 devices sharing one enroll
 * token: each device sends about one request a week (plus retries), and if
 * they all wake within the same quarter of an hour on a Monday morning that is
 * ~700 requests a minute; 1,200 leaves room for retries and backlog.
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;
export const DEFAULT_PORT = 8787;

export interface CollectorConfig {
  port: number;
  host: string;
  /** PGlite's folder; unused when databaseUrl is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** k at start (MIN_GROUP_SIZE). */
  minGroupSize: number;
  rateLimitPerMinute: number;
  /** Days a week stays open after it has ended everywhere. */
  weekOpenDays: number;
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
  }
}

type Source = Record<string, string | undefined>;

function int(name: string, raw: string | undefined, fallback: number, min: number, max: number, hint = ''): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `"${raw}" is not a whole number${hint}`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw new ConfigError(name, `${n} is out of range: use ${min} to ${max}${hint}`);
  return n;
}

/**
 * Reads the configuration. `flags` are command-line values by the same names
 * (port, host, data-dir, database-url, min-group-size, rate-limit-per-minute),
 * and take precedence over `env`.
 */
export function loadConfig(flags: Source = {}, env: Source = process.env, cwd = process.cwd()): CollectorConfig {
  const pick = (flag: string, name: string) => flags[flag] ?? env[name];
  const host = pick('host', 'HOST') || '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host)) throw new ConfigError('HOST', `"${host}" is not a host name or address`);
  const databaseUrl = pick('database-url', 'DATABASE_URL') || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must start with postgres:// or postgresql://');
  }
  const dataDir = pick('data-dir', 'DATA_DIR') || '.collector-data';
  const minGroupSize = int(
    'MIN_GROUP_SIZE',
    pick('min-group-size', 'MIN_GROUP_SIZE'),
    MIN_K,
    0,
    10_000,
    '',
  );
  if (minGroupSize < MIN_K) {
    throw new ConfigError('MIN_GROUP_SIZE', `${minGroupSize} is below ${MIN_K}: k can be raised, never lowered below ${MIN_K}, because smaller groups can single a person out`);
  }
  return {
    port: int('PORT', pick('port', 'PORT'), DEFAULT_PORT, 0, 65_535),
    host,
    dataDir: path.resolve(cwd, dataDir),
    databaseUrl,
    minGroupSize,
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', pick('rate-limit-per-minute', 'RATE_LIMIT_PER_MINUTE'), DEFAULT_RATE_LIMIT_PER_MINUTE, 1, 1_000_000),
    weekOpenDays: int('WEEK_OPEN_DAYS', pick('week-open-days', 'WEEK_OPEN_DAYS'), DEFAULT_WEEK_OPEN_DAYS, 1, 90),
  };
}
