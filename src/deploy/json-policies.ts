/**
 * JSON policy files: Linux (Chrome, Chromium and Edge share the format) and
 * Firefox. JSON has no comments, so where each file goes is in docs/deploy.md.
 */
import { CHROME_EXTENSION_ID, FIREFOX_INSTALL_URL, GECKO_ID, TARGETS, examplePolicy, exampleCustomToolHosts, json } from './model';

/** Goes in /etc/opt/chrome/policies/managed/, /etc/chromium/policies/managed/ or /etc/opt/edge/policies/managed/. */
export function linuxPolicy(): string {
  return json({ '3rdparty': { extensions: { [CHROME_EXTENSION_ID]: examplePolicy() } } });
}

/**
 * Force install, as a separate file so IT can keep install and configuration
 * apart. Both policies are shown; ExtensionSettings wins where both are set,
 * and one of them is enough. runtime_allowed_hosts lists the custom tools'
 * hosts so a runtime_blocked_hosts rule (for instance "*://*") cannot cut
 * Leadline off from them.
 */
export function linuxForceInstall(): string {
  const updateUrl = TARGETS.chrome.updateUrl;
  return json({
    ExtensionInstallForcelist: [`${CHROME_EXTENSION_ID};${updateUrl}`],
    ExtensionSettings: {
      [CHROME_EXTENSION_ID]: {
        installation_mode: 'force_installed',
        update_url: updateUrl,
        runtime_allowed_hosts: exampleCustomToolHosts(),
      },
    },
  });
}

/** /etc/firefox/policies/policies.json or <install dir>/distribution/policies.json. */
export function firefoxPolicies(): string {
  return json({
    policies: {
      // Capital E: Firefox's key is "Extensions", Chrome's is "extensions".
      '3rdparty': { Extensions: { [GECKO_ID]: examplePolicy() } },
      ExtensionSettings: {
        [GECKO_ID]: { installation_mode: 'force_installed', install_url: FIREFOX_INSTALL_URL },
      },
    },
  });
}
