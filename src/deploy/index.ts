/**
 * Every generated file, by repo-relative path. write.ts puts them on disk;
 * generate.test.ts fails when a file on disk is out of step with this.
 */
import { metricsMarkdown } from '../metrics/docs';
import { adml, admx } from './admx';
import { deployDoc } from './doc';
import { exportFormatDoc } from './export-doc';
import { firefoxPolicies, linuxForceInstall, linuxPolicy } from './json-policies';
import { managedSchema } from './managed-schema';
import { mobileconfig } from './mobileconfig';
import { reg } from './reg';
import { syncFormatDoc } from './sync-doc';

export { adml, admx, deployDoc, firefoxPolicies, linuxForceInstall, linuxPolicy, managedSchema, mobileconfig, reg };
export { validateChromeManagedSchema } from './validate-chrome-schema';

/** What IT installs: every file here is derived from src/contract/config.ts and identity.ts. */
export function deploymentFiles(): Record<string, string> {
  return {
    'assets/public/managed_schema.json': managedSchema(),
    'deploy/windows/chrome/leadline.admx': admx('chrome'),
    'deploy/windows/chrome/en-US/leadline.adml': adml('chrome'),
    'deploy/windows/edge/leadline-edge.admx': admx('edge'),
    'deploy/windows/edge/en-US/leadline-edge.adml': adml('edge'),
    'deploy/windows/leadline-chrome.reg': reg('chrome'),
    'deploy/windows/leadline-edge.reg': reg('edge'),
    'deploy/macos/leadline.mobileconfig': mobileconfig(),
    'deploy/linux/leadline-policy.json': linuxPolicy(),
    'deploy/linux/leadline-force-install.json': linuxForceInstall(),
    'deploy/firefox/policies.json': firefoxPolicies(),
    'docs/deploy.md': deployDoc(),
  };
}

export function generatedFiles(): Record<string, string> {
  return {
    ...deploymentFiles(),
    // The metric definitions, published so a lead never has to guess what "active" means.
    'docs/metrics.md': metricsMarkdown(),
    // The personal export, so a person or another tool can read, check or produce one.
    'docs/export-format.md': exportFormatDoc(),
    // The sync snapshot, the only thing that leaves a device when team sync is on.
    'docs/sync-format.md': syncFormatDoc(),
  };
}

/**
 * How a generated file is stored. .reg files are UTF-16LE with a BOM, the
 * encoding regedit exports and reads without guessing; everything else UTF-8.
 */
export function encodeFile(path: string, text: string): Uint8Array {
  if (path.endsWith('.reg')) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return Buffer.from(text, 'utf8');
}

export function decodeFile(path: string, bytes: Uint8Array): string {
  const buf = Buffer.from(bytes);
  if (path.endsWith('.reg')) return buf[0] === 0xff && buf[1] === 0xfe ? buf.subarray(2).toString('utf16le') : '(not UTF-16LE with a BOM)';
  return buf.toString('utf8');
}
