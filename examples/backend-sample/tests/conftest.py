"""Tests run against a SQLite file of their own, never the developer's todo.db."""
import os
import tempfile

os.environ["DATABASE_URL"] = "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="todo-tests-"), "test.db")
