-- Feeds the in-memory search index of token descriptions (DescriptionIndex): H2 has no n-gram index, and a search
-- read every description (0.9 s at 1,000,000 tokens). The trigger runs in the writing transaction for every insert and
-- update of a token, whatever writes it. Its class name is stored in the database: it must not move.
CREATE TRIGGER tokens_description_search AFTER INSERT, UPDATE ON tokens FOR EACH ROW
    CALL 'tokendesk.token.DescriptionTrigger';
