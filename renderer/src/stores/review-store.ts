// The avis being prepared in the review panel: selected row, open form, its fields and errors.
import { create } from 'zustand';
import type { NonRetentionMotive } from '../../../shared/domain/vocabulary';

/** `editing`: the id of the unsent avis this form replaces (sent once, with the final content). */
export type AvisDraft =
  | { kind: 'RETENUE'; plannedEntry: string; plannedExit: string; editing?: string }
  | { kind: 'NON_RETENUE'; motive: NonRetentionMotive; justification: string; editing?: string };

type ReviewStore = {
  selectedIndex: number | null;
  draft: AvisDraft | null;
  error: { message: string; field?: string } | null;
  helpOpen: boolean;
  select: (index: number | null) => void;
  openDraft: (draft: AvisDraft) => void;
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
