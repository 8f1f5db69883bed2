-- The sealed successor of a token just rotated (see find_refresh_token's caller for its grace).
UPDATE refresh_tokens SET successor_sealed = $2 WHERE id = $1
