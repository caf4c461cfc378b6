// The daily deadline reminder from the core, on the demo data: it counts exactly the pending candidatures the user
// can decide whose deadline is in the last days, comes once a day per structure, and not at all when turned off.
import { afterEach, describe, expect, it } from 'vitest';
import { addDays, parisDay } from '../../../shared/domain/calendar-date';
import { LAST_DAYS_BEFORE_DEADLINE } from '../../../shared/domain/avis-deadline';
import { TEST_NOW } from '../server/harness';
import { useReferenceServer, startSignedIn, type CoreUnderTest } from './core-harness';

const ref = useReferenceServer();
let t: CoreUnderTest;
afterEach(async () => {
  ref.server.clock.set(TEST_NOW);
  await t?.dispose();
});

describe('deadline reminders', () => {
  it('names the pending candidatures in their last days, once a day, and opens a list that starts with them', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server);
    const today = parisDay(ref.server.clock.now());
    const reminder = await t.call('reminders.due', {});
    expect(reminder).not.toBeNull();

    // The list the reminder opens, in deadline order, starts with exactly the reminded candidatures.
    const list = await t.call('candidatures.list', { filters: reminder!.filters, sort: { field: 'avisDeadline', direction: 'asc' }, offset: 0, limit: 1000 });
    const lastDay = addDays(today, LAST_DAYS_BEFORE_DEADLINE);
    const inLastDays = [];
    for (const row of list.rows.filter((r) => r.avisDeadline <= lastDay)) {
      const detail = await t.call('candidatures.get', { id: row.id });
      if (detail.session.status === 'PUBLISHED') inLastDays.push(row);
    }
    expect(reminder).toMatchObject({ structureId: 'of-demo', count: inLastDays.length, earliestDeadline: inLastDays[0]!.avisDeadline, lastDay });
    expect(list.rows[0]!.avisDeadline).toBe(reminder!.earliestDeadline);

    expect(await t.call('reminders.due', {})).toBeNull();
    await t.restart();
    expect(await t.call('reminders.due', {})).toBeNull();

    ref.server.clock.advanceDays(1);
    expect(await t.call('reminders.due', {})).not.toBeNull();
  });

  it('stays silent when turned off, for a profile that gives no avis, and comes back when turned on', { timeout: 60_000 }, async () => {
    t = await startSignedIn(ref.server);
    expect(await t.call('preferences.get', {})).toEqual({ deadlineReminders: true });
    expect(await t.call('preferences.set', { deadlineReminders: false })).toEqual({ deadlineReminders: false });
    expect(await t.call('reminders.due', {})).toBeNull();
    await t.call('preferences.set', { deadlineReminders: true });
    expect(await t.call('reminders.due', {})).not.toBeNull();
    await t.dispose();

    t = await startSignedIn(ref.server, 'catalogue@demo.test');
    expect(await t.call('reminders.due', {})).toBeNull();
  });
});
