ALTER TABLE `conflicts` ADD `details` text;
