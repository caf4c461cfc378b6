// The core's handler map is joined from feature modules: a channel two modules answer must stop the start-up, not
// silently keep whichever came last.
import { describe, expect, it } from 'vitest';
import { combineHandlers } from '../../../main/core/features/combine-handlers';

describe('combineHandlers', () => {
  it('joins the slices so each channel reaches its own module', async () => {
    const joined = combineHandlers(
      { 'sync.getStatus': async () => 'from sync' as never },
      { 'app.getState': async () => 'from session' as never },
    );
    expect(await joined['sync.getStatus']({})).toBe('from sync');
    expect(await joined['app.getState']({})).toBe('from session');
  });

  it('refuses a channel answered by two modules, naming it', () => {
    const slice = { 'sync.now': async () => undefined as never };
    expect(() => combineHandlers(slice, { 'app.getState': async () => undefined as never }, slice)).toThrow(/sync\.now/);
  });
});
