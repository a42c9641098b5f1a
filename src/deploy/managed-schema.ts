/**
 * Chrome's managed storage schema (assets/public/managed_schema.json).
 *
 * Deliberately TYPES AND STRUCTURE ONLY. Chrome drops a whole policy key when
 * its value fails the schema, before the extension can see it, and only
 * chrome://policy says so. A range, pattern or enum in this schema would turn
 * a typo into a silently missing setting; without them the value reaches
 * Leadline, whose zod contract reports it to IT in the options page with the
 * key, the reason and what was used instead. So:
 *  - no minimum/maximum/pattern/enum/required;
 *  - records (tool id → selectors, role → chain) become `additionalProperties`
 *    maps, so an unknown key reaches zod and is reported rather than dropped;
 *  - never `"additionalProperties": false` (Chrome rejects a non-object there
 *    anyway, and would drop a key for one stray field).
 * Types must still be exact: on Windows Chrome converts registry values by it.
 */
import { NESTED_DESCRIPTIONS, SETTINGS, SETTING_KEYS, json, settingJsonSchema, type JsonSchema } from './model';

export interface ChromeSchemaNode {
  title?: string;
  description?: string;
  type: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  sensitiveValue?: boolean;
  items?: ChromeSchemaNode;
  properties?: Record<string, ChromeSchemaNode>;
  additionalProperties?: ChromeSchemaNode;
}

const CHROME_TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);

function toChrome(js: JsonSchema, path: string): ChromeSchemaNode {
  if (typeof js.type !== 'string' || !CHROME_TYPES.has(js.type)) {
    // Unions and nullables have no Chrome equivalent; fail the build, not the browser.
    throw new Error(`managed schema: ${path} has no single Chrome type (${JSON.stringify(js.type)})`);
  }
  const node: ChromeSchemaNode = { type: js.type as ChromeSchemaNode['type'] };
  const description = NESTED_DESCRIPTIONS[path];
  if (description) node.description = description;
  if (js.type === 'array') {
    if (!js.items) throw new Error(`managed schema: ${path} is an array without items`);
    node.items = toChrome(js.items, `${path}[]`);
  }
  if (js.type === 'object') {
    if (js.properties) {
      node.properties = Object.fromEntries(Object.entries(js.properties).map(([k, v]) => [k, toChrome(v, `${path}.${k}`)]));
    }
    if (typeof js.additionalProperties === 'object') {
      node.additionalProperties = toChrome(js.additionalProperties, `${path}{}`);
    }
  }
  return node;
}

export function managedSchemaObject(): { type: 'object'; properties: Record<string, ChromeSchemaNode> } {
  const properties: Record<string, ChromeSchemaNode> = {};
  for (const key of SETTING_KEYS) {
    const def = SETTINGS[key];
    const node = toChrome(settingJsonSchema(key), key);
    // Title and description first, so the file reads well at chrome://policy and in review.
    properties[key] = {
      title: def.title,
      description: def.description,
      ...node,
      // Chrome masks sensitive values at chrome://policy.
      ...('secret' in def && def.secret ? { sensitiveValue: true } : {}),
    };
  }
  return { type: 'object', properties };
}

export function managedSchema(): string {
  return json(managedSchemaObject());
}
