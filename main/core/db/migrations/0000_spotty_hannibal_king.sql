CREATE TABLE `actions` (
	`structure_id` text NOT NULL,
	`id` text NOT NULL,
	`title` text NOT NULL,
	`reference` text NOT NULL,
	`market_number` text NOT NULL,
	`organisme` text NOT NULL,
	`data` text NOT NULL,
	`pending` text,
	`pending_mutation_id` text,
	`stale` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`structure_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `candidatures` (
	`rid` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`structure_id` text NOT NULL,
	`id` text NOT NULL,
	`session_id` text NOT NULL,
	`state` text NOT NULL,
	`avis_on` text,
	`avis_deadline` text NOT NULL,
	`created_on` text NOT NULL,
	`last_name` text NOT NULL,
	`first_name` text NOT NULL,
	`email` text NOT NULL,
	`data` text NOT NULL,
	`pending_state` text,
	`pending_avis_on` text,
	`pending_mutation_id` text,
	`stale` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `candidatures_key` ON `candidatures` (`structure_id`,`id`);--> statement-breakpoint
CREATE INDEX `candidatures_session` ON `candidatures` (`structure_id`,`session_id`);--> statement-breakpoint
CREATE INDEX `candidatures_state` ON `candidatures` (`structure_id`,`state`);--> statement-breakpoint
CREATE INDEX `candidatures_created` ON `candidatures` (`structure_id`,`created_on`);--> statement-breakpoint
CREATE INDEX `candidatures_name` ON `candidatures` (`structure_id`,`last_name`,`first_name`);--> statement-breakpoint
CREATE TABLE `conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`structure_id` text NOT NULL,
	`mutation` text NOT NULL,
	`code` text NOT NULL,
	`message` text NOT NULL,
	`summary` text NOT NULL,
	`rejected_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `entry_points` (
	`structure_id` text NOT NULL,
	`id` text NOT NULL,
	`session_id` text NOT NULL,
	`date` text NOT NULL,
	`places` integer NOT NULL,
	`data` text NOT NULL,
	`stale` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`structure_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `entry_points_session` ON `entry_points` (`structure_id`,`session_id`);--> statement-breakpoint
CREATE TABLE `kv` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`structure_id` text NOT NULL,
	`kind` text NOT NULL,
	`mutation` text NOT NULL,
	`summary` text NOT NULL,
	`created_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_id_unique` ON `outbox` (`id`);--> statement-breakpoint
CREATE TABLE `pre_registrations` (
	`structure_id` text NOT NULL,
	`id` text NOT NULL,
	`session_id` text NOT NULL,
	`data` text,
	`pending` text,
	`stale` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`structure_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`structure_id` text NOT NULL,
	`id` text NOT NULL,
	`action_id` text NOT NULL,
	`carif_number` text NOT NULL,
	`city` text NOT NULL,
	`department` text NOT NULL,
	`status` text NOT NULL,
	`org_role` text,
	`market_start` text NOT NULL,
	`market_end` text NOT NULL,
	`data` text NOT NULL,
	`stale` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`structure_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `sessions_action` ON `sessions` (`structure_id`,`action_id`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`structure_id` text PRIMARY KEY NOT NULL,
	`cursor` text,
	`last_success_at` text,
	`resyncing` integer DEFAULT 0 NOT NULL
);
