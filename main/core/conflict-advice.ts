// What a manager can do about each rejection. The advice itself is a sentence the renderer shows for the conflict's
// code (renderer i18n `conflicts.adviceByCode`); here only whether resubmitting can help.

/** Codes for which editing and resubmitting can succeed. */
export function canResubmit(code: string): boolean {
  return code === 'INVALID' || code === 'VERSION_CONFLICT' || code === 'CAPACITY_REACHED';
}
