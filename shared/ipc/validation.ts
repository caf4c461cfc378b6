// Turns a zod failure into the one displayable error every boundary uses, naming the first offending field; and
// checks what a handler returns against its channel's output schema.
import type { z } from 'zod';
import { ipcChannels, type ChannelName, type IpcErrorData } from './contract';

export function describeZodError(error: z.ZodError, prefix = ''): { field: string; message: string } {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  const field = path || '(racine)';
  return { field, message: `${field} : ${issue?.message ?? 'valeur invalide'}` };
}

export function validationError(error: z.ZodError, prefix = ''): IpcErrorData {
  const { field, message } = describeZodError(error, prefix);
  const detail = error.issues[0]?.message ?? 'invalid value';
  return { code: 'VALIDATION', field, message: `invalid input — ${message}`, reason: { key: 'invalidInput', params: { field, detail } } };
}

/**
 * Why `value` is not what `channel` promises (null when it is). No output schema accepts `undefined`, so a handler
 * that forgets to return is named here; the dispatcher and the core's test harness both call it.
 */
export function outputProblem(channel: ChannelName, value: unknown): string | null {
  const result = ipcChannels[channel].output.safeParse(value);
  return result.success ? null : `${channel} returned a value outside its contract (${describeZodError(result.error).message})`;
}
