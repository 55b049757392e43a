#include <labs/process/command_line.hpp>

#include <catch2/catch.hpp>

using namespace labkit;
using Words = std::vector<std::string>;

TEST_CASE("command line: a plain program with literal arguments is split into its words", "[command_line]") {
  CHECK(plain_command_words("true") == Words{"true"});
  CHECK(plain_command_words("  pytest -q\ttests/unit  ") == Words{"pytest", "-q", "tests/unit"});
  CHECK(plain_command_words("ruff check --select=E,F .") == Words{"ruff", "check", "--select=E,F", "."});
  CHECK(plain_command_words("./scripts/check.sh user@host:8080") == Words{"./scripts/check.sh", "user@host:8080"});
}

TEST_CASE("command line: anything the shell would act on leaves the command to the shell", "[command_line]") {
  for (const char* command :
       {"",        "   ",         "echo $HOME", "echo 'a b'",     "echo \"a\"", "ls *.py", "ls ~",
        "a | b",   "a && b",      "a; b",       "a > out",        "a < in",     "(a)",     "{ a; }",
        "a &",     "echo `date`", "echo a\\ b", "echo # comment", "! false",    "a\nb",    "echo caf\xc3\xa9",
        "ls [ab]", "echo x%y"}) {
    INFO(command);
    CHECK_FALSE(plain_command_words(command));
  }
}

TEST_CASE("command line: assignments, keywords and state-changing builtins stay with the shell", "[command_line]") {
  for (const char* command : {"FOO=1 env", "cd src", "exit 3", "export A", "if", "for x in a", "time make", ". env",
                              ": nothing", "exec pytest", "eval true", "ulimit -n", "umask 022", "pwd", "wait"}) {
    INFO(command);
    CHECK_FALSE(plain_command_words(command));
  }
  CHECK(plain_command_words("env FOO=1") == Words{"env", "FOO=1"});
}
