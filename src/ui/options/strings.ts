/**
 * Every user-visible string of the options page. English for now; a later
 * issue maps these to browser.i18n messages (Georgian first), so components
 * never hold text of their own.
 */
import type { HealthStatus } from '../../tools/health';
import type { Source } from '../../contract/config';

export const STRINGS = {
  pageTitle: 'Leadline settings',
  loading: 'Loading settings…',
  loadFailed: 'The settings could not be read.',

  managed: 'Managed by your organisation',
  notApproved: 'Not approved by your organisation',

  toolsHeading: 'Tools',
  toolsIntro: 'Leadline records usage events on the tools that are ticked. Untick a tool to stop recording it on this browser.',
  toolBuiltIn: 'Built-in tool',
  toolCustom: 'Added by your organisation',
  toolHosts: 'Sites:',
  allowHosts: (hosts: string) => `Allow Leadline on ${hosts}`,
  allowHostsWhy:
    'Your organisation added this tool; Leadline needs your permission to run on these sites and records only usage events there, never text.',
  hostAccessGranted: 'Leadline may run on these sites.',
  hostAccessDenied: 'Permission was not granted. You can try again at any time.',

  dataHeading: 'Data',
  retentionLabel: 'Keep raw events for N days',
  retentionHint: 'From 7 to 365 days. After that only daily totals remain.',
  retentionInvalid: 'Enter a whole number of days from 7 to 365.',
  save: 'Save',
  saved: 'Saved.',
  days: (n: number) => `${n} days`,

  orgHeading: 'Organisation',
  warningsHeading: 'Some policy values could not be used',
  usedInstead: (what: string) => `Used instead: ${what}`,
  configHeading: 'Effective configuration',
  configHint:
    'Where policy sets a value, it wins; then your own setting; then the default. A policy value of the wrong type (text where a number or true/false is expected) is dropped by the browser before Leadline sees it: if a value you set shows as Default, look for its error at chrome://policy, edge://policy or about:policies.',
  colSetting: 'Setting',
  colValue: 'Value',
  colSource: 'Source',
  healthHeading: 'Adapter health (last 7 days)',
  colTool: 'Tool',
  colStatus: 'Status',
  colWhy: 'Details',
  colPrompts: 'Prompts',
  colMinutes: 'Engaged minutes',
  healthUnavailable: 'Adapter health could not be read.',
  extensionId: 'Extension id:',
  extensionVersion: 'version',
} as const;

export const SOURCE_LABELS: Record<Source, string> = {
  policy: 'Policy',
  user: 'Your setting',
  default: 'Default',
};

export const STATUS_LABELS: Record<HealthStatus, string> = {
  ok: 'OK',
  degraded: 'Degraded',
  stale: 'Stale',
  broken: 'Broken',
  no_data: 'No data',
};
