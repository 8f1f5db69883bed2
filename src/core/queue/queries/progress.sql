UPDATE jobs SET progress = $3, updated_at = $4
WHERE id = $1 AND lease_token = $2 AND state = 'Active'
