import { describe, expect, it } from 'vitest';
import { collectorHost, errorWords, statusWords, syncSummary } from './model';

const dest = { url: 'https://leadline.example.com', team: 'acme/sales' };

describe('sync words', () => {
  it('says who turned sync on, where it goes and for which team', () => {
    expect(statusWords({ on: true, blockers: [], decidedBy: 'policy', destination: dest })).toEqual(['sync_on_policy', 'leadline.example.com', 'acme/sales']);
    expect(statusWords({ on: true, blockers: [], decidedBy: 'user', destination: dest })).toEqual(['sync_on_user', 'leadline.example.com', 'acme/sales']);
    expect(statusWords({ on: false, blockers: ['off'], decidedBy: 'policy', destination: dest })).toEqual(['sync_off_policy']);
    expect(statusWords({ on: false, blockers: ['off'], decidedBy: 'default', destination: dest })).toEqual(['sync_off']);
    expect(statusWords({ on: false, blockers: ['consent'], decidedBy: 'policy', destination: dest })).toEqual(['sync_needs_consent']);
    expect(statusWords({ on: false, blockers: ['teamId'], decidedBy: 'policy', destination: dest })).toEqual(['sync_incomplete']);
  });

  it('puts every failure in plain words, telling retried ones from those that wait for new settings', () => {
    expect(errorWords({ kind: 'network', at: 0 }, 't')).toEqual(['sync_error_network']);
    expect(errorWords({ kind: 'http', status: 401, code: 'unauthorized', at: 0 }, 't')).toEqual(['sync_error_unauthorized']);
    expect(errorWords({ kind: 'http', status: 401, at: 0 }, 't')).toEqual(['sync_error_unauthorized']);
    expect(errorWords({ kind: 'http', status: 403, code: 'forbidden', at: 0 }, 'acme/x')).toEqual(['sync_error_forbidden', 'acme/x']);
    expect(errorWords({ kind: 'http', status: 503, at: 0 }, 't')).toEqual(['sync_error_server', '503']);
    expect(errorWords({ kind: 'http', status: 429, at: 0 }, 't')).toEqual(['sync_error_rate_limited']);
    expect(errorWords({ kind: 'http', status: 400, code: 'week_closed', at: 0 }, 't')).toEqual(['sync_error_week_closed']);
    expect(errorWords({ kind: 'http', status: 413, code: 'payload_too_large', at: 0 }, 't')).toEqual(['sync_error_other', '413']);
  });

  it('shows the collector by its host', () => {
    expect(collectorHost('http://127.0.0.1:4100')).toBe('127.0.0.1:4100');
    expect(collectorHost('not a url')).toBe('not a url');
  });

  it("sums sync up in the popup's one line: on, off, or turned on but unable to send, and whether the last attempt failed", () => {
    expect(syncSummary({ on: true, blockers: [] }, null)).toEqual({ state: 'on', problem: false });
    expect(syncSummary({ on: false, blockers: ['off'] }, null)).toEqual({ state: 'off', problem: false });
    expect(syncSummary({ on: false, blockers: ['consent'] }, null)).toEqual({ state: 'blocked', problem: false });
    expect(syncSummary({ on: false, blockers: ['teamId', 'collectorUrl'] }, undefined)).toEqual({ state: 'blocked', problem: false });
    expect(syncSummary({ on: true, blockers: [] }, { kind: 'network', at: 0 })).toEqual({ state: 'on', problem: true });
  });
});
