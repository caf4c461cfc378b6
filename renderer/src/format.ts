// Display formatting: French day form and relative times through date-fns with the active locale.
import { format, formatDistanceToNow, parseISO } from 'date-fns';
import { enGB, fr } from 'date-fns/locale';
import i18n from './i18n';

function locale() {
  return i18n.language?.startsWith('en') ? enGB : fr;
}

/** A calendar day 'YYYY-MM-DD' (or an instant) as dd/MM/yyyy. */
export function formatDay(value: string | null | undefined): string {
  if (!value) return '—';
  return format(parseISO(value), 'dd/MM/yyyy', { locale: locale() });
}

export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return '—';
  return format(parseISO(instant), 'dd/MM/yyyy HH:mm', { locale: locale() });
}

/** « il y a 3 minutes » */
export function formatRelative(instant: string | null | undefined): string {
  if (!instant) return '';
  return formatDistanceToNow(parseISO(instant), { addSuffix: true, locale: locale() });
}

/** Saves an exported file (CSV) through a Blob download link. */
export function downloadFile(file: { fileName: string; mimeType: string; content: string }): void {
  const blob = new Blob([file.content], { type: file.mimeType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
