import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestStore } from './testkit';
import type { Store } from './db/open';
import { createToken, findToken, revokeToken, TOKEN_CACHE_MS } from './tokens';

describe.each(ENGINES)('token lookups on %s', (engine) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await openTestStore(engine));
  });
  afterAll(() => drop());

  it('refuses a token revoked through this process at once, though its lookup was cached', async () => {
    const t = await createToken(store.db, 'enroll', 'acme');
    expect((await findToken(store.db, t.token, 0))?.id).toBe(t.id);
    expect(await revokeToken(store.db, t.id)).toBe(true);
    expect(await findToken(store.db, t.token, 1)).toBeUndefined();
  });

  it('refuses a token revoked by another process once the cached lookup is TOKEN_CACHE_MS old', async () => {
    const t = await createToken(store.db, 'lead', 'acme');
    expect((await findToken(store.db, t.token, 0))?.id).toBe(t.id);
    // Another process (a second instance, the CLI on PostgreSQL) writes the revocation straight to the database.
    await store.db.updateTable('tokens').set({ revoked_at: new Date() }).where('id', '=', t.id).execute();
    expect((await findToken(store.db, t.token, TOKEN_CACHE_MS - 1))?.id).toBe(t.id);
    expect(await findToken(store.db, t.token, TOKEN_CACHE_MS)).toBeUndefined();
    // A refused token is not cached: it stays refused.
    expect(await findToken(store.db, t.token, TOKEN_CACHE_MS + 1)).toBeUndefined();
  });
});
