ALTER TABLE "entry_points" ADD COLUMN "retained_in_window" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "entry_points" ADD COLUMN "session_pending" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The stored tallies are counted by the server at its next start (recountTalliesIfMarked): the rule is code.
INSERT INTO "meta" ("key", "value") VALUES ('entry_point_tallies_recount', 'pending') ON CONFLICT ("key") DO NOTHING;
