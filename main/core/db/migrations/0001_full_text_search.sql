-- Full-text search over candidate names, e-mails and session (action) titles. Contentless with delete support:
-- the text lives in the candidatures table; the index is kept in step by the store on every upsert and removal.
CREATE VIRTUAL TABLE `candidatures_fts` USING fts5(`text`, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
-- Back-fill: candidatures stored before this index existed must be searchable at once, not only after a re-pull.
INSERT INTO `candidatures_fts`(rowid, `text`)
SELECT c.`rid`, c.`first_name` || ' ' || c.`last_name` || ' ' || c.`email` || ' ' || coalesce(a.`title`, '') || ' ' || coalesce(s.`carif_number`, '')
FROM `candidatures` c
LEFT JOIN `sessions` s ON s.`structure_id` = c.`structure_id` AND s.`id` = c.`session_id`
LEFT JOIN `actions` a ON a.`structure_id` = s.`structure_id` AND a.`id` = s.`action_id`;
