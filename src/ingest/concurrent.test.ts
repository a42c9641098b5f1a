import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DexieIngestStore, LeadlineDB } from '../platform/db';
import { Ingest } from './ingest';

const EXT = 'cecokggigaclclkmpkjmndcmicloeogn';
const SITES = [
  ['claude', 'https://claude.ai/chat/x'],
  ['chatgpt', 'https://chatgpt.com/c/x'],
  ['gemini', 'https://gemini.google.com/app/x'],
  ['copilot', 'https://copilot.microsoft.com/chats/x'],
] as const;

let db: LeadlineDB | undefined;
afterEach(async () => {
  db?.close();
  if (db) await Dexie.delete(db.name);
});

describe('concurrent senders', () => {
  it('commits every batch when several tabs send at once', { timeout: 60_000 }, async () => {
    db = new LeadlineDB(`conc-${Math.random()}`);
    const ingest = new Ingest({ store: new DexieIngestStore(db), extensionId: EXT, perTabPerMinute: 1e9 });
    let n = 0;
    const errors: string[] = [];
    const sender = async (tool: string, url: string, tabId: number) => {
      const batches = Array.from({ length: 3 }, () =>
        Array.from({ length: 100 }, (_, i) => ({
          item: 'event',
          event: { id: `evt${String(++n).padStart(20, '0')}`, tool, at: Date.now() - i * 1000, conv: `c${i % 7}`, kind: 'prompt_sent', size: 'm', attachments: 0, mode: 'new', turn: 1 },
        })),
      );
      await Promise.all(
        batches.map(async (items) => {
          const ack = await ingest.handle({ type: 'batch', tool, items }, { id: EXT, url, frameId: 0, tabId });
          if (!ack.ok) errors.push(String((ack as { error: string }).error));
        }),
      );
    };
    await Promise.all(SITES.map(([tool, url], i) => sender(tool, url, i + 1)));
    expect(errors).toEqual([]);
    expect(await db.events.count()).toBe(1200);
  });
});
