/**
 * macOS configuration profile with one payload per Chromium browser. A
 * payload whose PayloadType is the preference domain
 * (com.google.Chrome.extensions.<id>, com.microsoft.Edge.extensions.<id>)
 * installs its keys as managed preferences in that domain, which is where
 * Chrome and Edge read 3rdparty extension policy on macOS.
 *
 * PayloadUUIDs are name-based (UUID v5 style over SHA-1 of the payload
 * identifier), so regenerating gives the same file and re-deploying replaces
 * the profile rather than adding a second one.
 */
import { createHash } from 'node:crypto';
import { CHROMIUM_BROWSERS, SETTING_KEYS, TARGETS, escapeXml, examplePolicy } from './model';

const PROFILE_ID = 'dev.leadline.policy';
/** Fixed namespace for our name-based UUIDs (random, chosen once). */
const UUID_NAMESPACE = '7d3c7f0e-2b1a-4c55-9a57-3f1e6f0b9a41';

export function stableUuid(name: string): string {
  const ns = Buffer.from(UUID_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function plist(v: unknown, indent: string): string {
  if (typeof v === 'boolean') return `${indent}<${v}/>`;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return `${indent}<real>${v}</real>`;
    return `${indent}<integer>${v}</integer>`;
  }
  if (typeof v === 'string') return `${indent}<string>${escapeXml(v)}</string>`;
  if (Array.isArray(v)) return [`${indent}<array>`, ...v.map((x) => plist(x, `${indent}\t`)), `${indent}</array>`].join('\n');
  if (typeof v === 'object' && v !== null) return plistDict(Object.entries(v), indent);
  throw new Error(`mobileconfig: no plist form for ${JSON.stringify(v)}`);
}

function plistDict(entries: [string, unknown][], indent: string): string {
  return [
    `${indent}<dict>`,
    ...entries.flatMap(([k, v]) => [`${indent}\t<key>${escapeXml(k)}</key>`, plist(v, `${indent}\t`)]),
    `${indent}</dict>`,
  ].join('\n');
}

export function mobileconfig(): string {
  const policy = examplePolicy();
  const payloads = CHROMIUM_BROWSERS.map((browser) => {
    const t = TARGETS[browser];
    const identifier = `${PROFILE_ID}.${browser}`;
    return Object.fromEntries<unknown>([
      ['PayloadDisplayName', `Leadline policy for ${t.product}`],
      ['PayloadIdentifier', identifier],
      ['PayloadType', t.macDomain],
      ['PayloadUUID', stableUuid(identifier)],
      ['PayloadVersion', 1],
      ['PayloadEnabled', true],
      ...SETTING_KEYS.map((k) => [k, policy[k]] as [string, unknown]),
    ]);
  });
  const profile: [string, unknown][] = [
    ['PayloadContent', payloads],
    ['PayloadDescription', 'Leadline extension policy for Google Chrome and Microsoft Edge. Replace the example values before deploying.'],
    ['PayloadDisplayName', 'Leadline policy'],
    ['PayloadIdentifier', PROFILE_ID],
    ['PayloadOrganization', 'Your organisation'],
    ['PayloadRemovalDisallowed', false],
    ['PayloadScope', 'System'],
    ['PayloadType', 'Configuration'],
    ['PayloadUUID', stableUuid(PROFILE_ID)],
    ['PayloadVersion', 1],
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Generated from src/contract/config.ts by \`npx jiti src/deploy/write.ts\`. Do not edit by hand. -->
<plist version="1.0">
${plistDict(profile, '')}
</plist>
`;
}
