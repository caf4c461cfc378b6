// Joins the feature modules' slices of the handler map, as loot-core's app.combine does: a channel answered by two
// modules is a mistake that would silently keep the last one, so it fails at start-up instead. The types check that
// the slices together answer every channel (the caller declares the result as IpcHandlers).
import type { IpcHandlers } from '../../../shared/ipc/contract';

type Slice = Partial<IpcHandlers>;
/** The channels some slice answers. */
type Joined<S extends readonly Slice[]> = Pick<IpcHandlers, { [I in keyof S]: keyof S[I] }[number] & keyof IpcHandlers>;

export function combineHandlers<const S extends readonly Slice[]>(...slices: S): Joined<S> {
  const joined: Record<string, unknown> = {};
  for (const slice of slices) {
    for (const [channel, handler] of Object.entries(slice)) {
      if (channel in joined) throw new Error(`IPC channel answered by two feature modules: ${channel}`);
      joined[channel] = handler;
    }
  }
  return joined as Joined<S>;
}
