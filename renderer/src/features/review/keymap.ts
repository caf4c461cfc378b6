// The review keyboard controller as a pure function: which command a key press means in the current mode.
// j/k or ↓/↑ move, o = conforme oui, n = non, Enter confirms, Esc cancels, ? opens the help.
export type ReviewMode = 'browse' | 'form';
export type ReviewCommand = 'next' | 'previous' | 'yes' | 'no' | 'confirm' | 'cancel' | 'help';

export type KeyContext = {
  mode: ReviewMode;
  /** The key was pressed in a text field, radio or select: letters belong to the field. */
  inField: boolean;
  /** The field is a multi-line text area (Shift+Enter adds a line there). */
  inTextArea?: boolean;
  shift?: boolean;
  ctrlOrMeta?: boolean;
  alt?: boolean;
};

export function reviewCommand(key: string, ctx: KeyContext): ReviewCommand | null {
  if (ctx.alt) return null;
  if (ctx.mode === 'form') {
    if (key === 'Escape') return 'cancel';
    if (key === 'Enter' && !(ctx.inTextArea && ctx.shift)) return 'confirm';
    return null;
  }
  if (ctx.ctrlOrMeta || ctx.inField) return null;
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'previous';
    case 'o':
      return 'yes';
    case 'n':
      return 'no';
    case '?':
      return 'help';
    case 'Escape':
      return 'cancel';
    default:
      return null;
  }
}

/** Index after a move, clamped to the list. */
export function moveIndex(current: number | null, total: number, command: 'next' | 'previous'): number | null {
  if (total === 0) return null;
  if (current === null) return command === 'next' ? 0 : total - 1;
  return command === 'next' ? Math.min(current + 1, total - 1) : Math.max(current - 1, 0);
}
