// Browser mode's reminder notification: asks permission once, shows one notification whose click focuses the page
// and opens the list, and reports when the browser refuses so the page shows the reminder itself.
import { describe, expect, it } from 'vitest';
import { browserNotifier, type NotificationApi } from '../../../renderer/src/platform/reminder-notifier';

function fakeApi(permission: NotificationApi['permission'], answer: NotificationApi['permission'] = permission) {
  const made: { title: string; body: string; tag: string; n: { onclick: (() => void) | null; closed: boolean } }[] = [];
  const api = class {
    static permission = permission;
    static requestPermission = async () => ((api.permission = answer), answer);
    onclick: (() => void) | null = null;
    closed = false;
    constructor(title: string, options: { body: string; tag: string }) {
      made.push({ title, ...options, n: this });
    }
    close() {
      this.closed = true;
    }
  };
  return { api: api as unknown as NotificationApi, made };
}

describe('browserNotifier', () => {
  it('shows the reminder when allowed; a click focuses the page, opens the list and closes the notification', async () => {
    const { api, made } = fakeApi('granted');
    const events: string[] = [];
    const notifier = browserNotifier(api, () => events.push('focus'));
    expect(await notifier.show({ title: '3 candidatures', body: 'Organisme' }, () => events.push('open'))).toBe(true);
    expect(made.map((m) => [m.title, m.body, m.tag])).toEqual([['3 candidatures', 'Organisme', 'rafael-deadline-reminder']]);
    made[0]!.n.onclick!();
    expect(events).toEqual(['focus', 'open']);
    expect(made[0]!.n.closed).toBe(true);
  });

  it('asks permission once when not decided, and shows nothing when refused or unsupported', async () => {
    const asked = fakeApi('default', 'granted');
    expect(await browserNotifier(asked.api, () => undefined).show({ title: 't', body: 'b' }, () => undefined)).toBe(true);
    const refused = fakeApi('default', 'denied');
    expect(await browserNotifier(refused.api, () => undefined).show({ title: 't', body: 'b' }, () => undefined)).toBe(false);
    expect(refused.made).toEqual([]);
    const denied = fakeApi('denied');
    expect(browserNotifier(denied.api, () => undefined).available()).toBe(false);
    expect(await browserNotifier(undefined, () => undefined).show({ title: 't', body: 'b' }, () => undefined)).toBe(false);
  });
});
