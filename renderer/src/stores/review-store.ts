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
  /**
   * The candidature the reviewer chose (by its row), once its row has been read: when the list changes under the
   * selection (a sync brings or removes rows above it), the selection follows it to its new row.
   */
  chosenId: string | null;
  /** The candidature just given an avis: not followed when it moves or leaves; the row taking its place is next. */
  decidedId: string | null;
  /** The candidature whose avis was just taken back (« Annuler »): selected again once its row is back. */
  returningId: string | null;
  draft: AvisDraft | null;
  error: { message: string; field?: string } | null;
  helpOpen: boolean;
  select: (index: number | null) => void;
  /** The row now at the selection (null while its page is read); `find` locates a candidature in the rows at hand. */
  reconcile: (rowId: string | null, find: (candidatureId: string) => number | null) => void;
  /** The list no longer reaches the selection (rows went away above it): it follows its candidature if still there. */
  pastEnd: (find: (candidatureId: string) => number | null) => void;
  /** An avis was given on this candidature: the form closes, and the row that takes its place will be the selection. */
  decided: (candidatureId: string) => void;
  /** Its avis was taken back: the selection goes back to it when the list shows it again. */
  bringBack: (candidatureId: string) => void;
  openDraft: (draft: AvisDraft) => void;
  /** The candidature the panel now shows: a form opened for another one closes. */
  showing: (candidatureId: string | null) => void;
  updateDraft: (patch: Partial<{ plannedEntry: string; plannedExit: string; motive: NonRetentionMotive; justification: string }>) => void;
  cancel: () => void;
  setError: (error: { message: string; field?: string } | null) => void;
  setHelp: (open: boolean) => void;
};

export const useReview = create<ReviewStore>((set, get) => ({
  selectedIndex: null,
  chosenId: null,
  decidedId: null,
  returningId: null,
  draft: null,
  error: null,
  helpOpen: false,
  select(index) {
    set({ selectedIndex: index, chosenId: null, decidedId: null, returningId: null, draft: null, error: null });
  },
  reconcile(rowId, find) {
    const { selectedIndex, chosenId, decidedId, returningId } = get();
    if (selectedIndex === null || rowId === null) return;
    if (returningId !== null) {
      // Until the list is read again, the candidature taken back is not in it yet: nothing else is chosen meanwhile.
      const back = find(returningId);
      if (back !== null) set({ selectedIndex: back, chosenId: returningId, decidedId: null, returningId: null });
      return;
    }
    if (rowId === chosenId) return;
    if (chosenId !== null) {
      // Rows came or went above it: the same candidature, on its new row (its form, if open, stays with it).
      const moved = find(chosenId);
      if (moved !== null && moved !== selectedIndex) return set({ selectedIndex: moved });
    }
    // First read of the chosen row, or its candidature gone from the rows at hand (decided, filtered out): the row
    // now there is the selection, unless it still shows the candidature just decided (its page not read again yet).
    if (rowId !== decidedId) set({ chosenId: rowId, decidedId: null });
  },
  pastEnd(find) {
    const { chosenId } = get();
    const moved = chosenId !== null ? find(chosenId) : null;
    if (moved !== null) set({ selectedIndex: moved });
  },
  decided(candidatureId) {
    set({ chosenId: null, decidedId: candidatureId, returningId: null, draft: null, error: null });
  },
  bringBack(candidatureId) {
    set({ returningId: candidatureId });
  },
  openDraft(draft) {
    set({ draft, error: null });
  },
  showing(candidatureId) {
    // The selection is a row: when the list changes under it and its candidature cannot be followed (gone from the
    // rows at hand), the row there is another candidature, and a form filled for the one before must not be sent
    // for it.
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
