// The server's business clock: tests pin it and move it by days; Paris days derive from it.
import { describe, expect, it } from 'vitest';
import { createServerClock, today } from '../../../server/clock';

describe('server clock', () => {
  it('starts where asked, keeps ticking, and moves by whole days', async () => {
    const clock = createServerClock('2025-03-02T23:30:00.000Z'); // already 03/03 in Paris (UTC+1)
    expect(today(clock)).toBe('2025-03-03');
    const a = clock.now().getTime();
    await new Promise((r) => setTimeout(r, 5));
    expect(clock.now().getTime()).toBeGreaterThan(a);
    clock.advanceDays(45);
    expect(today(clock)).toBe('2025-04-17');
    clock.set(new Date('2025-10-26T00:30:00.000Z')); // daylight-saving change night
    expect(today(clock)).toBe('2025-10-26');
  });

  it('follows the real time when not pinned', () => {
    const clock = createServerClock();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1000);
  });
});
