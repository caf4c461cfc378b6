ALTER TABLE "candidatures" ADD COLUMN "avis_received_at" text;--> statement-breakpoint
ALTER TABLE "candidatures" ADD COLUMN "avis_time_note" text;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "end_date" text;