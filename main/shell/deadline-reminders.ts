// The daily deadline reminder in the Electron app: the shell asks the core for today's reminder (the core gives it
// once a day per structure) soon after start and then regularly, shows it as a native notification, and a click
// brings the window forward on the list. Electron stays behind `NativeNotifier` so this runs in unit tests.
import { DeadlineReminder } from '../../shared/ipc/views';
import type { IpcReply } from '../../shared/ipc/contract';
import { deadlineReminderNotification } from './notifications';

/** What the shell needs from Electron's Notification. */
export interface NativeNotifier {
  isSupported(): boolean;
  show(notification: { title: string; body: string }, onClick: () => void): void;
}

export type DeadlineReminderOptions = {
  /** The core's answer to `reminders.due`. */
  ask(): Promise<IpcReply>;
  notifier: NativeNotifier;
  /** Focus the window and open the reminder's list (the renderer gets a `reminders.open` event). */
  open(reminder: DeadlineReminder): void;
  /** First check, after the first sync had a chance to run. */
  firstDelayMs?: number;
  /** Then every so often; the core answers null until the next day. */
  intervalMs?: number;
  setTimer?: (fn: () => void, ms: number) => { unref?(): void };
  setRepeat?: (fn: () => void, ms: number) => { unref?(): void };
};

export async function checkDeadlineReminder(o: Pick<DeadlineReminderOptions, 'ask' | 'notifier' | 'open'>): Promise<DeadlineReminder | null> {
  if (!o.notifier.isSupported()) return null;
  const reply = await o.ask();
  if (!reply.ok) return null;
  const parsed = DeadlineReminder.nullable().safeParse(reply.value);
  if (!parsed.success || !parsed.data) return null;
  const reminder = parsed.data;
  o.notifier.show(deadlineReminderNotification(reminder), () => o.open(reminder));
  return reminder;
}

export function watchDeadlineReminders(o: DeadlineReminderOptions): void {
  const run = () => void checkDeadlineReminder(o).catch(() => undefined);
  (o.setTimer ?? setTimeout)(run, o.firstDelayMs ?? 20_000).unref?.();
  (o.setRepeat ?? setInterval)(run, o.intervalMs ?? 30 * 60_000).unref?.();
}
