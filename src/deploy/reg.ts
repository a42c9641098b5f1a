/**
 * Example .reg file setting every Leadline policy to its documented example,
 * in the native registry form Chrome and Edge read (policy.md): scalars as
 * values, objects as subkeys, lists as subkeys with values/subkeys "1", "2", ….
 * This is the form to use from scripts; the ADMX writes customTools and
 * selectorOverrides as JSON strings instead (see admx.ts), and Chrome reads
 * both.
 *
 * The writer saves it as UTF-16LE with a BOM and CRLF, what regedit itself
 * exports, so non-ASCII characters survive import.
 */
import { SETTING_KEYS, TARGETS, examplePolicy, type ChromiumBrowser } from './model';

const HIVE = 'HKEY_LOCAL_MACHINE';

function regString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function regScalar(v: unknown, where: string): string {
  if (typeof v === 'boolean') return `dword:${v ? '00000001' : '00000000'}`;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new Error(`reg: ${where} is not a DWORD (${v})`);
    return `dword:${v.toString(16).padStart(8, '0')}`;
  }
  if (typeof v === 'string') return regString(v);
  throw new Error(`reg: ${where} has no registry form (${JSON.stringify(v)})`);
}

/** Lists become maps keyed "1", "2", … so lists and objects share one encoder. */
function entries(v: object): [string, unknown][] {
  return Array.isArray(v) ? v.map((item, i) => [String(i + 1), item]) : Object.entries(v);
}

/** Emits one [key] section with its scalar values, then one section per nested list/object. */
function section(path: string, value: object, out: string[]): void {
  out.push('', `[${path}]`);
  const nested: [string, object][] = [];
  for (const [name, v] of entries(value)) {
    if (typeof v === 'object' && v !== null) nested.push([name, v]);
    else out.push(`${regString(name)}=${regScalar(v, `${path}\\${name}`)}`);
  }
  for (const [name, v] of nested) section(`${path}\\${name}`, v, out);
}

export function reg(browser: ChromiumBrowser = 'chrome'): string {
  const t = TARGETS[browser];
  const root = `${HIVE}\\${t.registryKey}`;
  const policy = examplePolicy();
  const out = [
    'Windows Registry Editor Version 5.00',
    '',
    `; Leadline policy for ${t.product}: every setting set to its documented example.`,
    '; Generated from src/contract/config.ts by `npx jiti src/deploy/write.ts`. Do not edit by hand.',
    '; The [-…] section below first removes any earlier Leadline policy, so importing twice gives the same result.',
    '',
    `[-${root}]`,
  ];
  section(
    root,
    Object.fromEntries(SETTING_KEYS.map((k) => [k, policy[k]])),
    out,
  );
  return `${out.join('\r\n')}\r\n`;
}
