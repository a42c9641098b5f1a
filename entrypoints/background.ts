import { defineBackground } from 'wxt/utils/define-background';
import { Ingest } from '../src/ingest/ingest';
import { extensionId, listenForContentMessages, onInstallOrUpdate } from '../src/platform/background-runtime';
import { DexieIngestStore } from '../src/platform/db';

export default defineBackground(() => {
  const ingest = new Ingest({ store: new DexieIngestStore(), extensionId: extensionId() });
  listenForContentMessages(ingest);
  onInstallOrUpdate();
});
