import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHROME_EXTENSION_ID, CHROME_EXTENSION_KEY } from './identity';

describe('extension identity', () => {
  it('the documented Chrome id is the one the manifest key produces', () => {
    const digest = createHash('sha256').update(Buffer.from(CHROME_EXTENSION_KEY, 'base64')).digest('hex');
    const id = [...digest.slice(0, 32)].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('');
    expect(id).toBe(CHROME_EXTENSION_ID);
  });
});
