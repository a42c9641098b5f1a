/**
 * What every deployment generator shares: the browsers we target, where each
 * one reads extension policy, a plain JSON Schema view of each setting, and
 * small text helpers. Everything here is derived from src/contract, so a
 * setting added to SETTINGS reaches every template without touching this file.
 *
 * Pure: no fs. The writer (write.ts) is the only module that touches the disk.
 */
import { z } from 'zod';
import { SETTINGS, SETTING_KEYS, type SettingKey } from '../contract/config';
import { CHROME_EXTENSION_ID, GECKO_ID } from '../contract/identity';

export { CHROME_EXTENSION_ID, GECKO_ID, SETTINGS, SETTING_KEYS, type SettingKey };

export type ChromiumBrowser = 'chrome' | 'edge';
export const CHROMIUM_BROWSERS: readonly ChromiumBrowser[] = ['chrome', 'edge'];

export interface ChromiumTarget {
  browser: ChromiumBrowser;
  /** Product name as IT sees it. */
  product: string;
  /** Registry path (without hive) Chrome/Edge read extension policy from. */
  registryKey: string;
  /** macOS preference domain, which is also the profile payload type. */
  macDomain: string;
  /** ADMX namespace: must be unique across every ADMX in a central store. */
  admxNamespace: string;
  admxPrefix: string;
  /**
   * Placeholder update URL for a self-hosted build (our fixed `key` pins the id
   * only for self-hosted and unpacked builds; a store build has the store's id).
   */
  updateUrl: string;
}

const policyKey = (vendorPath: string) => `${vendorPath}\\3rdparty\\extensions\\${CHROME_EXTENSION_ID}\\policy`;

export const TARGETS: Record<ChromiumBrowser, ChromiumTarget> = {
  chrome: {
    browser: 'chrome',
    product: 'Google Chrome',
    registryKey: policyKey('Software\\Policies\\Google\\Chrome'),
    macDomain: `com.google.Chrome.extensions.${CHROME_EXTENSION_ID}`,
    admxNamespace: 'Leadline.Policies.Chrome',
    admxPrefix: 'leadline',
    updateUrl: 'https://leadline.example.com/updates/chrome.xml',
  },
  edge: {
    browser: 'edge',
    product: 'Microsoft Edge',
    registryKey: policyKey('SOFTWARE\\Policies\\Microsoft\\Edge'),
    macDomain: `com.microsoft.Edge.extensions.${CHROME_EXTENSION_ID}`,
    admxNamespace: 'Leadline.Policies.Edge',
    admxPrefix: 'leadlineedge',
    updateUrl: 'https://leadline.example.com/updates/edge.xml',
  },
};

/** Placeholder install URL for the signed Firefox add-on. */
export const FIREFOX_INSTALL_URL = 'https://example.com/leadline.xpi';

/**
 * The subset of JSON Schema that z.toJSONSchema emits for our settings and the
 * generators read. Using zod's own conversion (rather than walking `_zod.def`)
 * keeps us off zod internals; refinements simply do not appear, which is what
 * we want: they are rules the extension checks and reports, not types.
 */
export interface JsonSchema {
  type?: string | string[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  enum?: unknown[];
  description?: string;
}

export function settingJsonSchema(key: SettingKey): JsonSchema {
  // io: 'input' describes what a policy may contain (before defaults/transforms).
  const { $schema: _ignored, ...rest } = z.toJSONSchema(SETTINGS[key].schema, { io: 'input', unrepresentable: 'throw' }) as JsonSchema & {
    $schema?: string;
  };
  return rest;
}

/**
 * Descriptions of nested fields, keyed by path below the setting. config.ts
 * documents only top-level settings; these keep the managed schema and the
 * docs self-explanatory for the two structured settings.
 */
export const NESTED_DESCRIPTIONS: Record<string, string> = {
  'customTools[]': 'One AI tool your organisation adds.',
  'customTools[].id': 'Tool id: 2–32 lowercase letters, digits or dashes, starting with a letter; not a built-in id.',
  'customTools[].name': 'Name shown to people, 1–60 characters.',
  'customTools[].matches': 'URL match patterns, such as https://llm.example.com/* or https://*.example.com/* (1–10).',
  'customTools[].matches[]': 'A match pattern.',
  'customTools[].selectors': 'Selector chains by role (composer, send, stop, streaming, userTurn, assistantTurn, copy, regenerate, feedbackUp, feedbackDown, fileInput, newChat, root).',
  'customTools[].selectors{}': 'CSS selectors tried in order; the first that matches wins (1–20).',
  'customTools[].selectors{}[]': 'A CSS selector.',
  'customTools[].conversationPaths': 'Regular expressions over the URL path; the first group is the conversation id (up to 5).',
  'customTools[].conversationPaths[]': 'A regular expression.',
  'approvedTools[]': 'A tool id.',
  'disabledTools[]': 'A tool id.',
  'selectorOverrides{}': 'Selector chains by role for one built-in tool.',
  'selectorOverrides{}{}': 'CSS selectors tried in order; the first that matches wins (1–20).',
  'selectorOverrides{}{}[]': 'A CSS selector.',
};

/** True when a setting maps onto one registry value or list in an ADMX (not JSON). */
export type AdmxKind = 'boolean' | 'decimal' | 'text' | 'list' | 'json';

export function admxKind(key: SettingKey): AdmxKind {
  const s = settingJsonSchema(key);
  if (s.type === 'boolean') return 'boolean';
  if (s.type === 'integer') return 'decimal';
  if (s.type === 'string') return 'text';
  if (s.type === 'array' && s.items?.type === 'string') return 'list';
  return 'json';
}

/** A short, human type label for docs and ADML explain text. */
export function typeLabel(key: SettingKey): string {
  const s = settingJsonSchema(key);
  switch (admxKind(key)) {
    case 'boolean':
      return 'boolean';
    case 'decimal':
      return s.minimum !== undefined && s.maximum !== undefined ? `integer, ${s.minimum}–${s.maximum}` : 'integer';
    case 'text':
      return s.maxLength !== undefined ? `string, up to ${s.maxLength} characters` : 'string';
    case 'list':
      return s.maxItems !== undefined ? `list of strings, up to ${s.maxItems}` : 'list of strings';
    case 'json':
      return s.type === 'array' ? `list of objects${s.maxItems !== undefined ? `, up to ${s.maxItems}` : ''}` : 'object';
  }
}

export function example(key: SettingKey): unknown {
  return SETTINGS[key].example;
}

/** Every setting set to its documented example: the body of every template. */
export function examplePolicy(): Record<SettingKey, unknown> {
  return Object.fromEntries(SETTING_KEYS.map((k) => [k, example(k)])) as Record<SettingKey, unknown>;
}

/**
 * ExtensionSettings' runtime_*_hosts take `scheme://host[:port]` patterns
 * without a path, so `https://*.example.com/*` becomes `https://*.example.com`.
 */
export function matchPatternToHost(match: string): string {
  return match.replace(/\/\*$/, '');
}

/** Hosts of the example custom tools, for runtime_allowed_hosts. */
export function exampleCustomToolHosts(): string[] {
  const tools = example('customTools') as { matches?: string[] }[];
  return [...new Set(tools.flatMap((t) => t.matches ?? []).map(matchPatternToHost))];
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Marks generated files so nobody edits them by hand. */
export const GENERATED_NOTE = 'Generated from src/contract/config.ts by `npx jiti src/deploy/write.ts`. Do not edit by hand.';
