// Removal tombstones are kept for a retention period, then forgotten: a client that has not synced for longer gets
// RESYNC_REQUIRED and rebuilds from scratch instead of the server keeping every removal forever. Change sequences
// carry no time, so the job notes the watermark once per Paris day and prunes through the newest mark older than
// the retention period.
import { eq } from 'drizzle-orm';
import { addDays, parisDay } from '../../shared/domain/calendar-date';
import type { ServerContext } from '../context';
import { meta } from '../db/schema';
import { highWatermark, pruneTombstones } from '../sync/pull';

export const TOMBSTONE_RETENTION_DAYS = 30;
const MARKS_KEY = 'tombstone_watermarks';

type Mark = { day: string; watermark: number };

/** Runs hourly; returns the sequence pruned through, or null when nothing is old enough yet. */
export async function runTombstoneRetention(ctx: ServerContext, retentionDays = TOMBSTONE_RETENTION_DAYS): Promise<number | null> {
  const today = parisDay(ctx.clock.now());
  const [row] = await ctx.db.select().from(meta).where(eq(meta.key, MARKS_KEY));
  let marks: Mark[] = row ? (JSON.parse(row.value) as Mark[]) : [];
  if (marks.at(-1)?.day !== today) marks.push({ day: today, watermark: await highWatermark(ctx.db) });
  const cutoff = addDays(today, -retentionDays);
  const old = marks.filter((m) => m.day <= cutoff);
  let through: number | null = null;
  if (old.length) {
    through = Math.max(...old.map((m) => m.watermark));
    await pruneTombstones(ctx, through);
    marks = marks.filter((m) => m.day > cutoff);
  }
  const value = JSON.stringify(marks);
  await ctx.db.insert(meta).values({ key: MARKS_KEY, value }).onConflictDoUpdate({ target: meta.key, set: { value } });
  return through;
}
