// The shell's side of the daily reminder: a due reminder becomes one native notification whose click opens the
// list; nothing is shown when the core has none, answers an error, or the OS has no notifications.
import { describe, expect, it } from 'vitest';
import { checkDeadlineReminder, watchDeadlineReminders, type NativeNotifier } from '../../../main/shell/deadline-reminders';
import type { DeadlineReminder } from '../../../shared/ipc/views';

const reminder: DeadlineReminder = {
  structureId: 'of-demo', structureName: 'Organisme Démo Formation', count: 3, earliestDeadline: '2026-03-11', lastDay: '2026-03-13',
  filters: { states: ['EN_ATTENTE'], deadlineSoon: true, roles: ['RESPONSABLE', 'POSITIONNEUR'] },
};

function fakeNotifier(supported = true) {
  const shown: { title: string; body: string; click: () => void }[] = [];
  const notifier: NativeNotifier = { isSupported: () => supported, show: (n, onClick) => void shown.push({ ...n, click: onClick }) };
  return { notifier, shown };
}

describe('deadline reminders in the shell', () => {
  it('shows a due reminder in French and opens its list on click', async () => {
    const { notifier, shown } = fakeNotifier();
    const opened: DeadlineReminder[] = [];
    await checkDeadlineReminder({ ask: async () => ({ ok: true, value: reminder }), notifier, open: (r) => void opened.push(r) });
    expect(shown).toHaveLength(1);
    expect(shown[0]!.title).toBe('3 candidatures passent bientôt en « avis non transmis »');
    expect(shown[0]!.body).toContain('11/03/2026');
    expect(opened).toEqual([]);
    shown[0]!.click();
    expect(opened).toEqual([reminder]);
    const one = fakeNotifier();
    await checkDeadlineReminder({ ask: async () => ({ ok: true, value: { ...reminder, count: 1 } }), notifier: one.notifier, open: () => undefined });
    expect(one.shown[0]!.title).toBe('1 candidature passe bientôt en « avis non transmis »');
    expect(shown[0]!.body).toBe('Organisme Démo Formation : première échéance le 11/03/2026. Cliquez pour ouvrir la liste et donner vos avis.');
  });

  it('shows nothing when nothing is due, on an error, on a malformed answer, or without OS notifications', async () => {
    const { notifier, shown } = fakeNotifier();
    const open = () => undefined;
    await checkDeadlineReminder({ ask: async () => ({ ok: true, value: null }), notifier, open });
    await checkDeadlineReminder({ ask: async () => ({ ok: false, error: { code: 'NOT_SIGNED_IN', message: 'x' } }), notifier, open });
    await checkDeadlineReminder({ ask: async () => ({ ok: true, value: { count: 'many' } }), notifier, open });
    expect(shown).toEqual([]);
    const unsupported = fakeNotifier(false);
    let asked = 0;
    await checkDeadlineReminder({ ask: async () => (asked++, { ok: true, value: reminder }), notifier: unsupported.notifier, open });
    expect([unsupported.shown.length, asked]).toEqual([0, 0]);
  });

  it('asks once after start, then on every interval', async () => {
    const { notifier } = fakeNotifier();
    const timers: { fn: () => void; ms: number; repeat: boolean }[] = [];
    let asked = 0;
    watchDeadlineReminders({
      ask: async () => (asked++, { ok: true, value: null }), notifier, open: () => undefined, firstDelayMs: 10, intervalMs: 1000,
      setTimer: (fn, ms) => (timers.push({ fn, ms, repeat: false }), {}),
      setRepeat: (fn, ms) => (timers.push({ fn, ms, repeat: true }), {}),
    });
    expect(timers.map((x) => [x.ms, x.repeat])).toEqual([[10, false], [1000, true]]);
    timers.forEach((x) => x.fn());
    await Promise.resolve();
    expect(asked).toBe(2);
  });
});
