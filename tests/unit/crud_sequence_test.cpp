// A CRUD sequence against a real FastAPI app that keeps its rows in SQLite:
// later requests use the id the API answered with (UUIDs or numbers), the
// server writes a database in a scratch copy, never the learner's, so the
// same sequence passes on every run; an API that ignores ids fails.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::TempDir;
using test::TestRepo;

namespace {

/// A TODO API as learners write it: SQLite from the standard library, a
/// table made at start, ids chosen by the code (`uuid4`) or by SQLite.
std::string todo_app(bool uuid_ids) {
  std::string app = R"py(import sqlite3, uuid
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

db = sqlite3.connect("todo.db", check_same_thread=False)
db.execute("CREATE TABLE IF NOT EXISTS todos (id TEXT PRIMARY KEY, title TEXT, done INTEGER)")
app = FastAPI()

class New(BaseModel):
    title: str

class Change(BaseModel):
    done: bool

def row(todo_id):
    found = db.execute("SELECT id, title, done FROM todos WHERE id = ?", (str(todo_id),)).fetchone()
    if found is None:
        raise HTTPException(404, "no such todo")
    return {"id": ID(found[0]), "title": found[1], "done": bool(found[2])}

@app.post("/todos", status_code=201)
def create(new: New):
    todo_id = NEXT_ID
    db.execute("INSERT INTO todos VALUES (?, ?, 0)", (str(todo_id), new.title))
    db.commit()
    return row(todo_id)

@app.get("/todos/{todo_id}")
def read(todo_id: str):
    return row(todo_id)

@app.patch("/todos/{todo_id}")
def update(todo_id: str, change: Change):
    row(todo_id)
    db.execute("UPDATE todos SET done = ? WHERE id = ?", (int(change.done), todo_id))
    db.commit()
    return row(todo_id)

@app.delete("/todos/{todo_id}", status_code=204)
def delete(todo_id: str):
    row(todo_id)
    db.execute("DELETE FROM todos WHERE id = ?", (todo_id,))
    db.commit()
)py";
  const auto put = [&](const std::string& name, const std::string& value) {
    app.replace(app.find(name), name.size(), value);
  };
  put("NEXT_ID", uuid_ids ? "str(uuid.uuid4())" : "db.execute(\"SELECT COUNT(*) FROM todos\").fetchone()[0] + 1");
  put("ID(found[0])", uuid_ids ? "found[0]" : "int(found[0])");
  return app;
}

const char* const kSequence =
    "service: {run: '/usr/bin/python3 -m uvicorn {app} --port {port}', steps: ["
    "{http: {method: POST, path: /todos, json: {title: buy milk}, status: 201, save: {todo: id},"
    " json_equals: {title: buy milk}}},"
    "{http: {path: '/todos/{todo}', json_equals: {done: false}}},"
    "{http: {method: PATCH, path: '/todos/{todo}', json: {done: true}, json_equals: {done: true}}},"
    "{http: {method: DELETE, path: '/todos/{todo}', status: 204}},"
    "{http: {path: '/todos/{todo}', status: 404}}]}";

}  // namespace

TEST_CASE("http: a CRUD sequence follows the ids the API gives, in a database of its own", "[service][http]") {
  const bool uuid_ids = GENERATE(true, false);
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("api.py", todo_app(uuid_ids));
  repo.write(".gitignore", "todo.db\n");
  repo.commit("TODO API");
  // The learner's own database, with a row the sequence must not touch.
  TempDir scripts;
  test::write_text(scripts.path() / "seed.py",
                   "import sqlite3\ndb = sqlite3.connect('todo.db')\n"
                   "db.execute('CREATE TABLE todos (id TEXT PRIMARY KEY, title TEXT, done INTEGER)')\n"
                   "db.execute(\"INSERT INTO todos VALUES ('1', 'mine', 0)\")\ndb.commit()\n");
  REQUIRE(std::system(("cd " + temp.path().string() + " && /usr/bin/python3 " + (scripts.path() / "seed.py").string())
                          .c_str()) == 0);
  const std::string before = test::read_text(temp.path() / "todo.db");
  for (int run = 0; run < 2; ++run) {
    const auto outcome = test::run_step(kSequence, temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("POST /todos answered 201"));
    CHECK_THAT(outcome.evidence, Catch::Contains("(id = "));
  }
  CHECK(test::read_text(temp.path() / "todo.db") == before);
}

TEST_CASE("http: an API that answers the same for every id fails the sequence", "[service][http]") {
  const auto outcome = test::run_step_on_files(
      {{"api.py",
        "from fastapi import FastAPI\napp = FastAPI()\n\n@app.post('/todos', status_code=201)\n"
        "def create(body: dict):\n    return {'id': 1, 'title': body.get('title'), 'done': False}\n\n"
        "@app.get('/todos/{i}')\ndef read(i: int):\n    return {'id': 1, 'title': 'buy milk', 'done': False}\n\n"
        "@app.patch('/todos/{i}')\ndef update(i: int, body: dict):\n    return {'id': i, 'done': True}\n\n"
        "@app.delete('/todos/{i}', status_code=204)\ndef delete(i: int):\n    return None\n"}},
      kSequence);
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("✗ GET /todos/1 answered 200, expected 404"));
}

TEST_CASE("http: without the saved value, later steps say which step failed to give it", "[service][http]") {
  const auto outcome =
      test::run_step_on_files({{"api.py",
                                "from fastapi import FastAPI\napp = FastAPI()\n\n@app.post('/todos', status_code=201)\n"
                                "def create(body: dict):\n    return {'title': body['title'], 'created': True}\n"}},
                              kSequence);
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("the answer has no 'id' to use in later requests"));
  CHECK_THAT(outcome.evidence, Catch::Contains("no {todo} to put in the path, because the step that saves it"));
}

TEST_CASE("http: save needs a name and a JSON path", "[service][http]") {
  Diagnostics diagnostics;
  CHECK_FALSE(test::parse_step("http: {path: /x, save: {'todo id': id}}", diagnostics));
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("'save' maps a name (letters, digits, _)"));
}

TEST_CASE("sqlite: inside a service, the row the API stored is found in the database it wrote", "[service][sqlite]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("api.py", todo_app(false));
  repo.write(".gitignore", "todo.db\n");
  repo.commit("TODO API");
  const std::string stores =
      "service: {run: '/usr/bin/python3 -m uvicorn {app} --port {port}', steps: ["
      "{http: {method: POST, path: /todos, json: {title: buy oat milk}, status: 201}},"
      "{sqlite: {holds: buy oat milk}}]}";
  const auto outcome = test::run_step(stores, temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::Contains("'buy oat milk' is stored in todo.db (table todos)"));
  CHECK_FALSE(std::filesystem::exists(temp.path() / "todo.db"));  // the scratch copy's, not the learner's

  SECTION("a database the project brought with the row in it is not one the app wrote") {
    repo.write("api.py",
               "import sqlite3\nfrom fastapi import FastAPI\napp = FastAPI()\ntodos = []\n\n"
               "@app.post('/todos', status_code=201)\n"
               "def create(body: dict):\n    todos.append(body)\n    return {'id': len(todos), **body}\n");
    repo.commit("Keep todos in memory");
    TempDir scripts;
    test::write_text(scripts.path() / "seed.py",
                     "import sqlite3\ndb = sqlite3.connect('todo.db')\n"
                     "db.execute('CREATE TABLE todos (title TEXT)')\n"
                     "db.execute(\"INSERT INTO todos VALUES ('buy oat milk')\")\ndb.commit()\n");
    REQUIRE(std::system(("cd " + temp.path().string() + " && /usr/bin/python3 " + (scripts.path() / "seed.py").string())
                            .c_str()) == 0);
    const auto seeded = test::run_step(stores, temp.path());
    INFO(seeded.evidence);
    CHECK(seeded.status == Status::fail);
    CHECK_THAT(seeded.evidence, Catch::Contains("'buy oat milk' was already in todo.db before the app ran"));
  }
  SECTION("an API that keeps its rows in a list wrote no database") {
    repo.write("api.py",
               "from fastapi import FastAPI\napp = FastAPI()\ntodos = []\n\n@app.post('/todos', status_code=201)\n"
               "def create(body: dict):\n    todos.append(body)\n    return {'id': len(todos), **body}\n");
    repo.commit("Keep todos in memory");
    const auto in_memory = test::run_step(stores, temp.path());
    INFO(in_memory.evidence);
    CHECK(in_memory.status == Status::fail);
    CHECK_THAT(in_memory.evidence,
               Catch::Contains("no SQLite database file in the project after the app stored its data"));
  }
}

TEST_CASE("http: body_lacks sees a row a DELETE did not remove", "[service][http]") {
  const std::string app =
      "from fastapi import FastAPI\napp = FastAPI()\ntodos = {}\ngone = set()\n\n"
      "@app.post('/todos', status_code=201)\ndef create(body: dict):\n"
      "    todos[len(todos) + 1] = body\n    return {'id': len(todos), **body}\n\n"
      "@app.get('/todos')\ndef listed():\n    return list(todos.values())\n\n"
      "@app.delete('/todos/{i}', status_code=204)\ndef delete(i: int):\n    DELETE_LINE\n";
  const std::string sequence =
      "service: {run: '/usr/bin/python3 -m uvicorn {app} --port {port}', steps: ["
      "{http: {method: POST, path: /todos, json: {title: buy oat milk}, status: 201, save: {todo: id}}},"
      "{http: {method: DELETE, path: '/todos/{todo}', status: 204}},"
      "{http: {path: /todos, body_lacks: [buy oat milk]}}]}";
  const auto with = [&](const std::string& line) {
    std::string text = app;
    text.replace(text.find("DELETE_LINE"), 11, line);
    return text;
  };
  const auto kept = test::run_step_on_files({{"api.py", with("gone.add(i)")}}, sequence);
  INFO(kept.evidence);
  CHECK(kept.status == Status::fail);
  CHECK_THAT(kept.evidence, Catch::Contains("✗ GET /todos: the body still contains 'buy oat milk'"));
  CHECK(test::run_step_on_files({{"api.py", with("todos.pop(i)")}}, sequence).status == Status::pass);
}
