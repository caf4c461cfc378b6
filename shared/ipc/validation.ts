// Turns a zod failure into the one displayable error every boundary uses, naming the first offending field.
import type { z } from 'zod';
import type { IpcErrorData } from './contract';

export function describeZodError(error: z.ZodError, prefix = ''): { field: string; message: string } {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  const field = path || '(racine)';
  return { field, message: `${field} : ${issue?.message ?? 'valeur invalide'}` };
}

export function validationError(error: z.ZodError, prefix = ''): IpcErrorData {
  const { field, message } = describeZodError(error, prefix);
  return { code: 'VALIDATION', field, message: `Donnée invalide — ${message}` };
}
