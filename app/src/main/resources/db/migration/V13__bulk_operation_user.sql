-- A journaled operation may delete a user with their tokens (kind DELETE_USER): the user it deletes once the
-- tokens are gone, in its last transaction. Null for revokes and deletes of tokens alone.
ALTER TABLE bulk_operations ADD COLUMN user_id CHAR(16);
