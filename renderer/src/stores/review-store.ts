// The avis being prepared in the review panel: selected row, open form, its fields and errors.
import { create } from 'zustand';
import type { NonRetentionMotive } from '../../../shared/domain/vocabulary';

/**
 * `candidatureId`: the candidature the form was opened for. `editing`: the id of the unsent avis this form replaces
 * (sent once, with the final content).
 */
export type AvisDraft =
  | { candidatureId: string; kind: 'RETENUE'; plannedEntry: string; plannedExit: string; editing?: string }
  | { candidatureId: string; kind: 'NON_RETENUE'; motive: NonRetentionMotive; justification: string; editing?: string };

type ReviewStore = {
  selectedIndex: number | null;
  draft: AvisDraft | null;
  error: { message: string; field?: string } | null;
  helpOpen: boolean;
  select: (index: number | null) => void;
  openDraft: (draft: AvisDraft) => void;
  /** The candidature the panel now shows: a form opened for another one closes. */
  showing: (candidatureId: string | null) => void;
  updateDraft: (patch: Partial<{ plannedEntry: string; plannedExit: string; motive: NonRetentionMotive; justification: string }>) => void;
  cancel: () => void;
  setError: (error: { message: string; field?: string } | null) => void;
  setHelp: (open: boolean) => void;
};

export const useReview = create<ReviewStore>((set) => ({
  selectedIndex: null,
  draft: null,
  error: null,
  helpOpen: false,
  select(index) {
    set({ selectedIndex: index, draft: null, error: null });
  },
  openDraft(draft) {
    set({ draft, error: null });
  },
  showing(candidatureId) {
    // The selection is a row index: when the list changes under it (a decided row leaving a list filtered on
    // « en attente », rows a sync brings), the row there may be another candidature, and a form filled for the one
    // before must not be sent for it.
    set((s) => (s.draft && s.draft.candidatureId !== candidatureId ? { draft: null, error: null } : s));
  },
  updateDraft(patch) {
    set((s) => (s.draft ? { draft: { ...s.draft, ...patch } as AvisDraft, error: null } : s));
  },
  cancel() {
    set({ draft: null, error: null });
  },
  setError(error) {
    set({ error });
  },
  setHelp(helpOpen) {
    set({ helpOpen });
  },
}));
