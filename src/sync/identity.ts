/**
 * A week's identity at the collector: a pseudonym (128 random bits) and a
 * withdrawal secret (256 random bits) whose SHA-256 travels with the
 * snapshot. Both are drawn fresh for every week and every destination, from
 * nothing about the person, so two weeks cannot be linked. Web Crypto only
 * (the same in the browser, the worker and Node).
 */

export interface WeekIdentity {
  pseudonym: string;
  withdrawalSecret: string;
  withdrawalHash: string;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}

export async function newWeekIdentity(): Promise<WeekIdentity> {
  const pseudonym = hex(crypto.getRandomValues(new Uint8Array(16)));
  const withdrawalSecret = hex(crypto.getRandomValues(new Uint8Array(32)));
  return { pseudonym, withdrawalSecret, withdrawalHash: await sha256Hex(withdrawalSecret) };
}
