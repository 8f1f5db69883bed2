-- When an account proved control of its email address (an invitation accepted; a verification
-- link once mail is sent), and whether it was deactivated: a deactivated user can neither sign in,
-- refresh, nor use an access token already issued.
ALTER TABLE users ADD COLUMN email_verified_at TEXT;
ALTER TABLE users ADD COLUMN deactivated_at TEXT;
-- A rotated refresh token keeps its successor, sealed, for the few seconds in which a second use
-- is two browser tabs refreshing at once rather than a replay: they get the same successor.
ALTER TABLE refresh_tokens ADD COLUMN successor_sealed TEXT;
