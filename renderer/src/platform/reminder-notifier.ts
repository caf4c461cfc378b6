// How the page shows a deadline reminder as a desktop notification. Inside Electron the shell does it (native
// notification, main/shell/deadline-reminders.ts) and tells the page which list to open; in browser mode the page
// uses the browser's Notification API, when the user allows it. Typed without the DOM so it is testable under Node.
export interface ReminderNotifier {
  /** True when a notification can be shown now (supported, and permission granted or askable). */
  available(): boolean;
  /** Resolves true when shown; false when the browser refused (then the page shows the reminder itself). */
  show(content: { title: string; body: string }, onClick: () => void): Promise<boolean>;
}

export type NotificationApi = {
  permission: 'default' | 'denied' | 'granted';
  requestPermission(): Promise<'default' | 'denied' | 'granted'>;
  new (title: string, options: { body: string; tag: string }): { onclick: (() => void) | null; close(): void };
};

export function browserNotifier(api: NotificationApi | undefined, focus: () => void): ReminderNotifier {
  return {
    available: () => !!api && api.permission !== 'denied',
    async show(content, onClick) {
      if (!api || api.permission === 'denied') return false;
      if (api.permission === 'default' && (await api.requestPermission()) !== 'granted') return false;
      // One tag: a second reminder replaces the first instead of piling up.
      const notification = new api(content.title, { body: content.body, tag: 'rafael-deadline-reminder' });
      notification.onclick = () => {
        focus();
        onClick();
        notification.close();
      };
      return true;
    },
  };
}
