-- The names of the actors a chart's series stand for (members and former members).
SELECT id, name FROM users WHERE id IN ({ids})
