import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTING_KEYS, resolveConfig } from '../contract/config';
import { MemberSnapshot } from '../contract/sync';
import { CHROME_EXTENSION_ID, GECKO_ID } from '../contract/identity';
import { decodeFile, deploymentFiles, generatedFiles, managedSchema, validateChromeManagedSchema } from './index';
import { withReadmeBlocks } from './readme';

const ROOT = path.resolve(import.meta.dirname, '../..');
const files = generatedFiles();
/** The policy templates and their doc; docs/metrics.md is generated too but is not about deployment. */
const deployment = deploymentFiles();

/**
 * Minimal XML well-formedness check (no XML parser is installed): tags
 * balance, attributes are quoted, entities are known. Enough to catch a
 * broken template; not a validator.
 */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '').replace(/<!DOCTYPE[^>]*>/, '').replace(/<!--[\s\S]*?-->/g, '');
  for (const m of body.matchAll(/&([^;\s]*);?/g)) {
    if (!/^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/.test(m[0])) problems.push(`bad entity ${m[0]}`);
  }
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<[^>]*>?/g)) {
    if (m[2] === undefined) {
      problems.push(`malformed tag ${m[0].slice(0, 60)}`);
      continue;
    }
    if (m[1]) {
      const open = stack.pop();
      if (open !== m[2]) problems.push(`</${m[2]}> closes <${open}>`);
    } else if (!m[4]) stack.push(m[2]);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  if (/<(?![\/!?A-Za-z_])/.test(body)) problems.push('stray <');
  return problems;
}

describe('generated deployment files', () => {
  for (const [rel, text] of Object.entries(files)) {
    it(`${rel} is up to date`, () => {
      let onDisk: string;
      try {
        onDisk = decodeFile(rel, readFileSync(path.join(ROOT, rel)));
      } catch {
        onDisk = '(missing)';
      }
      expect(onDisk === text, `${rel} is out of step with its source (src/contract/config.ts, src/metrics/definitions.ts): run \`npx jiti src/deploy/write.ts\``).toBe(true);
    });
  }

  it("the README's blocks on how long rows are kept and what sync sends are up to date", () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(withReadmeBlocks(readme) === readme, 'README.md is out of step with src/contract/disclosure.ts or the English messages: run `npx jiti src/deploy/write.ts`').toBe(true);
  });

  it('covers the metric definitions', () => expect(Object.keys(files)).toContain('docs/metrics.md'));
  it('covers the sync format, field by field', () => {
    expect(Object.keys(files)).toContain('docs/sync-format.md');
    for (const key of Object.keys(MemberSnapshot.shape)) expect(files['docs/sync-format.md']).toContain(`| \`${key}\` |`);
  });

  it('every setting appears in every template and in the doc', () => {
    const missing = Object.entries(deployment).flatMap(([rel, text]) =>
      rel === 'deploy/linux/leadline-force-install.json' ? [] : SETTING_KEYS.filter((k) => !text.includes(k)).map((k) => `${rel}: ${k}`),
    );
    expect(missing).toEqual([]);
    for (const key of SETTING_KEYS) expect(files['docs/deploy.md']).toContain(`### \`${key}\``);
  });

  it('names the stable ids', () => {
    for (const [rel, text] of Object.entries(deployment)) {
      if (rel.startsWith('deploy/firefox')) expect(text).toContain(GECKO_ID);
      else if (!/managed_schema|\.adml$/.test(rel)) expect(text, rel).toContain(CHROME_EXTENSION_ID);
    }
  });

  it('XML files are well-formed', () => {
    const xml = Object.entries(files).filter(([rel]) => /\.(admx|adml|mobileconfig)$/.test(rel));
    expect(xml).toHaveLength(5);
    for (const [rel, text] of xml) expect(xmlProblems(text), rel).toEqual([]);
  });

  it('the XML checker catches broken XML', () => {
    expect(xmlProblems('<a><b></a>')).not.toEqual([]);
    expect(xmlProblems('<a>x & y</a>')).not.toEqual([]);
    expect(xmlProblems('<a href=x></a>')).not.toEqual([]);
    expect(xmlProblems('<a><b/></a>')).toEqual([]);
  });

  it('the Linux and Firefox examples are valid Leadline policy', () => {
    const linux = JSON.parse(files['deploy/linux/leadline-policy.json']!)['3rdparty'].extensions[CHROME_EXTENSION_ID];
    const firefox = JSON.parse(files['deploy/firefox/policies.json']!).policies['3rdparty'].Extensions[GECKO_ID];
    for (const policy of [linux, firefox]) {
      const resolved = resolveConfig(policy, {});
      expect(resolved.warnings).toEqual([]);
      expect(Object.values(resolved.sources).every((s) => s === 'policy')).toBe(true);
    }
  });

  it('the force-install example uses the stable id and the custom tools’ hosts', () => {
    const force = JSON.parse(files['deploy/linux/leadline-force-install.json']!);
    expect(force.ExtensionInstallForcelist[0]).toMatch(new RegExp(`^${CHROME_EXTENSION_ID};https://`));
    expect(force.ExtensionSettings[CHROME_EXTENSION_ID]).toMatchObject({
      installation_mode: 'force_installed',
      runtime_allowed_hosts: ['https://llm.example.com'],
    });
  });

  it('the mobileconfig has stable, distinct, well-formed PayloadUUIDs', () => {
    const uuids = [...files['deploy/macos/leadline.mobileconfig']!.matchAll(/<key>PayloadUUID<\/key>\s*<string>([^<]+)<\/string>/g)].map((m) => m[1]);
    expect(uuids).toHaveLength(3);
    expect(new Set(uuids).size).toBe(3);
    for (const u of uuids) expect(u).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-5[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
    expect(generatedFiles()['deploy/macos/leadline.mobileconfig']).toBe(files['deploy/macos/leadline.mobileconfig']);
  });
});

describe('managed_schema.json', () => {
  const schema = JSON.parse(managedSchema());

  it('is valid for Chrome', () => expect(validateChromeManagedSchema(schema)).toEqual([]));

  it('holds types and structure only, so rule violations reach Leadline and are reported', () => {
    const text = managedSchema();
    for (const keyword of ['minimum', 'maximum', 'pattern', 'enum', 'required', 'minItems', 'maxItems', 'maxLength']) {
      expect(text).not.toContain(`"${keyword}"`);
    }
    expect(text).not.toContain('"additionalProperties": false');
  });

  it('types each setting exactly (Windows converts registry values by them)', () => {
    const p = schema.properties;
    expect(Object.keys(p)).toEqual(SETTING_KEYS);
    expect(p.syncEnabled.type).toBe('boolean');
    expect(p.syncIntervalMinutes.type).toBe('integer');
    expect(p.collectorUrl.type).toBe('string');
    expect(p.approvedTools).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(p.customTools.items.properties.matches).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(p.selectorOverrides.additionalProperties.additionalProperties).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(p.enrollmentToken.sensitiveValue).toBe(true);
    for (const key of SETTING_KEYS) expect(p[key].title && p[key].description, key).toBeTruthy();
  });

  it('the validator catches what Chrome rejects', () => {
    const bad = (s: unknown) => validateChromeManagedSchema(s);
    expect(bad([])).not.toEqual([]);
    expect(bad({ type: 'array', items: { type: 'string' } })).not.toEqual([]);
    expect(bad({ type: 'object', properties: { a: { type: 'string', $ref: 'x' } } }).join()).toMatch(/both "type" and "\$ref"/);
    expect(bad({ type: 'object', properties: { a: { description: 'no type' } } }).join()).toMatch(/neither/);
    expect(bad({ type: 'object', properties: { a: { type: 'string', minLength: 1 } } }).join()).toMatch(/"minLength" is not allowed/);
    expect(bad({ type: 'object', properties: { a: { type: 'object', additionalProperties: false } } }).join()).toMatch(/additionalProperties/);
    expect(bad({ type: 'object', properties: { a: { type: 'array' } } }).join()).toMatch(/items/);
    expect(bad({ type: 'object', properties: { a: { type: 'null' } } }).join()).toMatch(/unknown type/);
    expect(bad({ type: 'object', properties: { a: { type: ['string', 'integer'] } } }).join()).toMatch(/must be a string/);
    expect(bad({ type: 'object', properties: { a: { $ref: 'nowhere' } } }).join()).toMatch(/names no schema/);
    expect(bad({ type: 'object', additionalProperties: { type: 'string' } }).join()).toMatch(/main schema/);
    expect(bad({ type: 'object', properties: { a: { type: 'integer', minimum: 5, maximum: 1 } } }).join()).toMatch(/minimum/);
    expect(bad({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } }, required: ['c'] } } })).not.toEqual([]);
    // And accepts what Chrome accepts.
    expect(
      bad({
        type: 'object',
        properties: {
          a: { id: 'A', type: 'object', properties: { b: { type: 'integer', minimum: 1, maximum: 2, enum: [1, 2] } }, required: ['b'] },
          c: { $ref: 'A', title: 'ref' },
          d: { type: 'object', patternProperties: { '^x': { type: 'string', pattern: '^x' } } },
        },
      }),
    ).toEqual([]);
  });
});
