-- Full-text search over candidate names, e-mails and session (action) titles. Contentless with delete support:
-- the text lives in the candidatures table; the index is kept in step by the store on every upsert and removal.
CREATE VIRTUAL TABLE `candidatures_fts` USING fts5(`text`, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
