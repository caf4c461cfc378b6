-- Covering indexes over the effective (overlaid) state for the read model at 100k rows. Expression columns written
-- by hand: drizzle-kit 0.31 splits an index expression at its commas (its generated SQL is not valid).
DROP INDEX `candidatures_state`;--> statement-breakpoint
DROP INDEX `candidatures_session`;--> statement-breakpoint
DROP INDEX `candidatures_created`;--> statement-breakpoint
CREATE INDEX `candidatures_effective_state` ON `candidatures` (`structure_id`, coalesce(`pending_state`, `state`), `avis_deadline`);--> statement-breakpoint
CREATE INDEX `candidatures_session` ON `candidatures` (`structure_id`, `session_id`, `state`, `pending_state`, `avis_deadline`, `avis_on`, `pending_avis_on`);--> statement-breakpoint
CREATE INDEX `candidatures_created` ON `candidatures` (`structure_id`, `created_on`, `session_id`);
