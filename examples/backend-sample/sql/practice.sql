-- Week 2 practice on the tasks database.

-- Tasks with their owners' names (JOIN).
SELECT t.id, t.title, u.name
FROM tasks AS t
JOIN users AS u ON u.id = t.owner_id
WHERE NOT t.done;

-- Searching by title should not scan the table.
CREATE INDEX IF NOT EXISTS ix_tasks_title ON tasks (title);

-- Moving a task to another user is all or nothing.
BEGIN;
UPDATE tasks SET owner_id = 2 WHERE id = 10;
INSERT INTO task_history (task_id, note) VALUES (10, 'moved to user 2');
COMMIT;
