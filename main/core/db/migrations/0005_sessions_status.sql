-- The default candidatures list hides archived sessions' rows: it tests each row against the structure's archived
-- sessions, read from this index (docs/architecture.md, « The core », read model). Trimmed by hand: drizzle-kit 0.31 also
-- rewrites 0004's nocase indexes, which it cannot compare.
CREATE INDEX `sessions_status` ON `sessions` (`structure_id`,`status`);
