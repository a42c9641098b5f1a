import { readFileSync } from 'node:fs';
import { defineConfig } from 'wxt';
import { CHROME_EXTENSION_KEY, GECKO_ID } from './src/contract/identity';
import { generatedFiles, validateChromeManagedSchema } from './src/deploy';
import { allToolHostPatterns } from './src/tools/registry';

// The manifest is derived from the contract and the registry, so a tool added
// to the registry is matched, injected and permitted in one place.
export default defineConfig({
  srcDir: '.',
  publicDir: 'assets/public',
  entrypointsDir: 'entrypoints',
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/module-react'],
  manifestVersion: 3,
  hooks: {
    // An invalid managed schema stops Chrome from loading the extension at all,
    // and a stale one silently drops new policy keys: refuse to build either.
    'build:before': () => {
      const file = 'assets/public/managed_schema.json';
      const onDisk = readFileSync(file, 'utf8');
      const problems = validateChromeManagedSchema(JSON.parse(onDisk));
      if (problems.length > 0) throw new Error(`${file} is not a valid Chrome managed schema:\n${problems.join('\n')}`);
      if (onDisk !== generatedFiles()[file]) throw new Error(`${file} is out of step with src/contract/config.ts: run npm run deploy:generate`);
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // A fixed key keeps the Chrome extension id stable (cecokggigaclclkmpkjmndcmicloeogn),
    // so policy files and force-install lists keep matching an unpacked build.
    ...(browser === 'firefox' ? {} : { key: CHROME_EXTENSION_KEY }),
    // unlimitedStorage shows no install warning, and keeps a long history from hitting the origin quota.
    permissions: ['storage', 'scripting', 'alarms', 'unlimitedStorage'],
    // Nothing is recorded in private windows; the background also refuses them, for browsers that ignore this.
    incognito: 'not_allowed',
    // The toolbar icon carries a badge when a tool IT added still needs the person's permission.
    action: { default_title: 'Leadline' },
    // Only the approved AI tools: needed to re-inject the content script into
    // tabs that were already open when the extension was installed or updated.
    host_permissions: allToolHostPatterns(),
    // Tools IT adds live on hosts unknown at build time: asked for at runtime,
    // per host, and never granted by installing.
    optional_host_permissions: ['https://*/*'],
    // Chrome validates policy against this schema (generated from src/contract/config.ts).
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed_schema.json' } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              // Nothing leaves the device unless the optional sync is turned on.
              data_collection_permissions: { required: ['none'], optional: ['websiteActivity'] },
            },
            // Android gained data_collection_permissions in 142.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
