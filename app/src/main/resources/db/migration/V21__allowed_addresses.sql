-- A token's allowed addresses (SPEC §10.1): up to 50 IPv4/IPv6 addresses or CIDR ranges in canonical form, separated
-- by spaces; NULL means anywhere.
ALTER TABLE tokens ADD COLUMN allowed_addresses VARCHAR(2500);
