import { describe, expect, it } from 'vitest';
import { moveIndex, reviewCommand } from '../../../renderer/src/features/review/keymap';

describe('review keyboard controller', () => {
  it('maps j/k and arrows to moves while browsing', () => {
    const browse = { mode: 'browse' as const, inField: false };
    expect(reviewCommand('j', browse)).toBe('next');
    expect(reviewCommand('ArrowDown', browse)).toBe('next');
    expect(reviewCommand('k', browse)).toBe('previous');
    expect(reviewCommand('ArrowUp', browse)).toBe('previous');
    expect(reviewCommand('o', browse)).toBe('yes');
    expect(reviewCommand('n', browse)).toBe('no');
    expect(reviewCommand('?', browse)).toBe('help');
  });

  it('leaves letters to text fields and shortcuts with modifiers to the system', () => {
    expect(reviewCommand('j', { mode: 'browse', inField: true })).toBeNull();
    expect(reviewCommand('n', { mode: 'browse', inField: false, ctrlOrMeta: true })).toBeNull();
    expect(reviewCommand('o', { mode: 'browse', inField: false, alt: true })).toBeNull();
  });

  it('in the avis form, only Enter confirms and Esc cancels; Shift+Enter adds a line in the justification', () => {
    expect(reviewCommand('Enter', { mode: 'form', inField: true })).toBe('confirm');
    expect(reviewCommand('Escape', { mode: 'form', inField: true })).toBe('cancel');
    expect(reviewCommand('j', { mode: 'form', inField: false })).toBeNull();
    expect(reviewCommand('Enter', { mode: 'form', inField: true, inTextArea: true, shift: true })).toBeNull();
    expect(reviewCommand('Enter', { mode: 'form', inField: true, inTextArea: true })).toBe('confirm');
  });

  it('moves within the list bounds', () => {
    expect(moveIndex(null, 0, 'next')).toBeNull();
    expect(moveIndex(null, 5, 'next')).toBe(0);
    expect(moveIndex(null, 5, 'previous')).toBe(4);
    expect(moveIndex(4, 5, 'next')).toBe(4);
    expect(moveIndex(0, 5, 'previous')).toBe(0);
    expect(moveIndex(2, 5, 'next')).toBe(3);
  });
});
