CREATE SEQUENCE "public"."change_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "actions" (
	"id" text PRIMARY KEY NOT NULL,
	"reference" text NOT NULL,
	"type" text NOT NULL,
	"module_count" integer,
	"title" text NOT NULL,
	"financing" jsonb NOT NULL,
	"highlight" text,
	"web_link" text,
	"responsible_structure_id" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "candidatures" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"candidate" jsonb NOT NULL,
	"origin" text NOT NULL,
	"prescriber_structure_id" text,
	"prescriber_structure_name" text,
	"created_at" text NOT NULL,
	"created_on" text NOT NULL,
	"avis_deadline" text NOT NULL,
	"state" text NOT NULL,
	"retained" jsonb,
	"non_retained" jsonb,
	"avis_at" text,
	"avis_on" text,
	"avis_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entry_points" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"date" text NOT NULL,
	"places" integer NOT NULL,
	"bis" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "membership_requests" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"structure_id" text NOT NULL,
	"user_id" text NOT NULL,
	"status" text NOT NULL,
	"created_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"user_id" text NOT NULL,
	"structure_id" text NOT NULL,
	"profile" text,
	"parcours_pro" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"referent" boolean DEFAULT false NOT NULL,
	"employer" boolean DEFAULT false NOT NULL,
	CONSTRAINT "memberships_user_id_structure_id_pk" PRIMARY KEY("user_id","structure_id")
);
--> statement-breakpoint
CREATE TABLE "meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pre_registrations" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"prescriber_structure_id" text NOT NULL,
	"created_by_user_id" text NOT NULL,
	"created_by_name" text NOT NULL,
	"created_by_profile" text NOT NULL,
	"candidate" jsonb NOT NULL,
	"status" text NOT NULL,
	"candidature_id" text,
	"created_at" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_mutations" (
	"id" text PRIMARY KEY NOT NULL,
	"structure_id" text NOT NULL,
	"user_id" text NOT NULL,
	"result" jsonb NOT NULL,
	"processed_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "removals" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"structure_id" text,
	"kind" text NOT NULL,
	"row_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_roles" (
	"session_id" text NOT NULL,
	"structure_id" text NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "session_roles_session_id_structure_id_pk" PRIMARY KEY("session_id","structure_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"action_id" text NOT NULL,
	"carif_number" text NOT NULL,
	"published_on" text NOT NULL,
	"market_start" text NOT NULL,
	"market_end" text NOT NULL,
	"city" text NOT NULL,
	"department" text NOT NULL,
	"training_place" text NOT NULL,
	"cpf_eligible" boolean NOT NULL,
	"fixed_dates" boolean NOT NULL,
	"contact" jsonb NOT NULL,
	"disability_referent" jsonb,
	"status" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "structures" (
	"id" text PRIMARY KEY NOT NULL,
	"siret" text NOT NULL,
	"name" text NOT NULL,
	"acronym" text,
	"kind" text NOT NULL,
	"city" text,
	"validated" boolean DEFAULT true NOT NULL,
	CONSTRAINT "structures_siret_unique" UNIQUE("siret")
);
--> statement-breakpoint
CREATE TABLE "tokens" (
	"hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" text NOT NULL,
	"revoked" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"phone" text,
	"is_admin" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_responsible_structure_id_structures_id_fk" FOREIGN KEY ("responsible_structure_id") REFERENCES "public"."structures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "candidatures" ADD CONSTRAINT "candidatures_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_points" ADD CONSTRAINT "entry_points_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_requests" ADD CONSTRAINT "membership_requests_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "membership_requests" ADD CONSTRAINT "membership_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pre_registrations" ADD CONSTRAINT "pre_registrations_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pre_registrations" ADD CONSTRAINT "pre_registrations_prescriber_structure_id_structures_id_fk" FOREIGN KEY ("prescriber_structure_id") REFERENCES "public"."structures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_roles" ADD CONSTRAINT "session_roles_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_roles" ADD CONSTRAINT "session_roles_structure_id_structures_id_fk" FOREIGN KEY ("structure_id") REFERENCES "public"."structures"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_action_id_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."actions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tokens" ADD CONSTRAINT "tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "actions_seq" ON "actions" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "candidatures_seq" ON "candidatures" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "candidatures_session" ON "candidatures" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "candidatures_state" ON "candidatures" USING btree ("state");--> statement-breakpoint
CREATE INDEX "entry_points_seq" ON "entry_points" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "entry_points_session" ON "entry_points" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "pre_registrations_seq" ON "pre_registrations" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "session_roles_structure" ON "session_roles" USING btree ("structure_id");--> statement-breakpoint
CREATE INDEX "sessions_seq" ON "sessions" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "sessions_action" ON "sessions" USING btree ("action_id");