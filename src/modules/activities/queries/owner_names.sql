-- The names of the people a timeline's series stand for (members and former members).
SELECT id, name FROM users WHERE id IN ({ids})
