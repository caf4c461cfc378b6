-- Lookups that scanned a whole table (docs/architecture.md, « The core »): an overlay cleared by its mutation id
-- when the server settles it or the user takes it back (a scan of every candidature per decision at 100k), and the
-- default candidatures list testing each row against the structure's archived sessions. Trimmed by hand:
-- drizzle-kit 0.31 also rewrites 0004's nocase indexes, which it cannot compare.
CREATE INDEX IF NOT EXISTS `candidatures_pending` ON `candidatures` (`pending_mutation_id`) WHERE pending_mutation_id is not null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `actions_pending` ON `actions` (`pending_mutation_id`) WHERE pending_mutation_id is not null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `sessions_status` ON `sessions` (`structure_id`,`status`);
