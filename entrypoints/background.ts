import { defineBackground } from 'wxt/utils/define-background';
import { recordedToolIds } from '../src/contract/config';
import { Ingest } from '../src/ingest/ingest';
import {
  extensionId,
  listenForContentMessages,
  onInstallOrUpdate,
  syncCustomContentScripts,
} from '../src/platform/background-runtime';
import { createConfigCache, watchConfig } from '../src/platform/config-store';
import { DexieIngestStore } from '../src/platform/db';
import { onHostAccessChanged } from '../src/platform/permissions';
import { customMatches, effectiveTools } from '../src/tools/effective';

export default defineBackground(() => {
  const config = createConfigCache();
  const ingest = new Ingest({
    store: new DexieIngestStore(),
    extensionId: extensionId(),
    gate: async (tool) => recordedToolIds((await config.get()).values).includes(tool),
    tools: async () => effectiveTools((await config.get()).values),
  });
  listenForContentMessages(ingest);
  onInstallOrUpdate();

  const syncScripts = async () => syncCustomContentScripts(customMatches((await config.get()).values));
  // Policy changes apply while the browser runs: storage.onChanged (area "managed").
  watchConfig(() => {
    config.invalidate();
    void syncScripts();
  });
  onHostAccessChanged(() => void syncScripts());
  void syncScripts();
});
