import { defineConfig } from 'wxt';
import { CHROME_EXTENSION_KEY, GECKO_ID } from './src/contract/identity';
import { allToolHostPatterns } from './src/tools/registry';

// The manifest is derived from the contract and the registry, so a tool added
// to the registry is matched, injected and permitted in one place.
export default defineConfig({
  srcDir: '.',
  publicDir: 'assets/public',
  entrypointsDir: 'entrypoints',
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/module-react'],
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // A fixed key keeps the Chrome extension id stable (cecokggigaclclkmpkjmndcmicloeogn),
    // so policy files and force-install lists keep matching an unpacked build.
    ...(browser === 'firefox' ? {} : { key: CHROME_EXTENSION_KEY }),
    permissions: ['storage', 'scripting'],
    // Only the approved AI tools: needed to re-inject the content script into
    // tabs that were already open when the extension was installed or updated.
    host_permissions: allToolHostPatterns(),
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
