// The « Annuler » notice after a decision: which queued mutation it takes back, for how long. The core holds the
// mutation in its outbox for the same undo window (main/core DEFAULT_UNDO_WINDOW_MS), so an undo within it always
// wins the race against the push.
import { create } from 'zustand';

/** A little shorter than the core's window: the notice must never offer an undo the core would refuse. */
export const UNDO_NOTICE_MS = 5500;

/** `candidatureId`: the candidature the decision was on, selected again when it is taken back. */
export type UndoOffer = { mutationId: string; candidatureId: string; summary: string; until: number };

type UndoStore = {
  offer: UndoOffer | null;
  show(mutationId: string, candidatureId: string, summary: string): void;
  dismiss(mutationId?: string): void;
};

let timer: ReturnType<typeof setTimeout> | null = null;

export const useUndo = create<UndoStore>((set, get) => ({
  offer: null,
  show(mutationId, candidatureId, summary) {
    if (timer) clearTimeout(timer);
    set({ offer: { mutationId, candidatureId, summary, until: Date.now() + UNDO_NOTICE_MS } });
    timer = setTimeout(() => get().dismiss(mutationId), UNDO_NOTICE_MS);
  },
  dismiss(mutationId) {
    if (mutationId && get().offer?.mutationId !== mutationId) return;
    if (timer) clearTimeout(timer);
    timer = null;
    set({ offer: null });
  },
}));
