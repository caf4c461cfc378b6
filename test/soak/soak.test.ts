// A short seeded soak campaign inside `npm test`: real client core processes behind fault proxies, kills with
// SIGKILL, a server restart, then the campaign's checks (test/soak/scenario.ts). The long campaign is
// `npm run test:soak -- --runs 1000`; this one keeps the guarantees from regressing between long runs.
import { describe, expect, it } from 'vitest';
import { runCampaign } from './campaign';

describe('soak campaign (short, seeded)', () => {
  it('loses nothing, duplicates nothing, never overfills, and every client ends equal to the server', { timeout: 600_000 }, async () => {
    const lines: string[] = [];
    // Seed chosen so that these few runs meet every kind of trouble: network faults, kills mid-command and
    // mid-sync, and a server restart.
    const report = await runCampaign({ runs: 5, seed: 206, log: (line) => lines.push(line) });
    const context = lines.join('\n');
    expect(report.failures, context).toEqual([]);
    expect({ lost: report.lost, duplicated: report.duplicated, overfills: report.overfills, mismatches: report.mismatches }).toEqual({ lost: 0, duplicated: 0, overfills: 0, mismatches: 0 });
    expect(report.passed).toBe(5);
    // Not a quiet run: the trouble really happened, and decisions really were made and judged.
    expect(report.faults.total, context).toBeGreaterThan(0);
    expect(report.kills.total, context).toBeGreaterThan(0);
    expect(report.serverRestarts, context).toBeGreaterThan(0);
    expect(report.applied, context).toBeGreaterThan(10);
    expect(report.conflicts, context).toBeGreaterThan(0);
  });
});
