-- Every list sort walks an index instead of sorting every row (issue 12): by name as the list compares it (nocase),
-- by deadline, and for sorts on the session or action (carif number, city, action title), sessions and actions in
-- that order, then each session's candidatures in rowid order; a session's next entry date (the sessions list's
-- deadline sort) read from the index alone, and « en attente » + « avis sous 15 jours » paged by date from the
-- effective-state index alone. Written by hand like 0002: drizzle-kit 0.31 cannot write an index
-- column with a collation.
DROP INDEX `candidatures_name`;--> statement-breakpoint
CREATE INDEX `candidatures_name` ON `candidatures` (`structure_id`, `last_name` COLLATE NOCASE, `first_name` COLLATE NOCASE);--> statement-breakpoint
CREATE INDEX `candidatures_deadline` ON `candidatures` (`structure_id`, `avis_deadline`);--> statement-breakpoint
CREATE INDEX `candidatures_session_rid` ON `candidatures` (`structure_id`, `session_id`);--> statement-breakpoint
CREATE INDEX `sessions_carif` ON `sessions` (`structure_id`, `carif_number`);--> statement-breakpoint
CREATE INDEX `sessions_city` ON `sessions` (`structure_id`, `city`);--> statement-breakpoint
CREATE INDEX `actions_title` ON `actions` (`structure_id`, `title` COLLATE NOCASE);--> statement-breakpoint
DROP INDEX `candidatures_effective_state`;--> statement-breakpoint
CREATE INDEX `candidatures_effective_state` ON `candidatures` (`structure_id`, coalesce(`pending_state`, `state`), `avis_deadline`, `created_on`, `session_id`);--> statement-breakpoint
DROP INDEX `entry_points_session`;--> statement-breakpoint
CREATE INDEX `entry_points_session` ON `entry_points` (`structure_id`, `session_id`, `date`);
