// Completions and the man page, generated from the CLI definitions, tried in
// the real shells: bash's completion function and fish's `complete -C` are
// asked what they offer; zsh's script must parse; the page must render.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace labkit;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

/// What a shell snippet prints (stdout to a file, through run_shell).
std::string shell_output(const TempDir& temp, const std::string& command) {
  const fs::path out = temp.path() / "out.txt";
  REQUIRE(test::run_shell(command + " > " + out.string()) == 0);
  return test::read_text(out);
}

fs::path generate(const TempDir& temp, const std::string& what, const std::string& file) {
  const std::vector<std::string> args =
      what == "man" ? std::vector<std::string>{"man"} : std::vector<std::string>{"completion", what};
  const auto run = test::run_labs(args, temp.path());
  REQUIRE(run.exit_code == 0);
  test::write_text(temp.path() / file, run.out);
  return temp.path() / file;
}

}  // namespace

TEST_CASE("completion: bash offers commands, each command's flags, and selectors from the catalog",
          "[e2e][completion]") {
  TempDir temp;
  const fs::path script = generate(temp, "bash", "labs.bash");
  const auto complete = [&](const std::string& line) {
    return shell_output(temp,
                        "bash -c 'source " + script.string() + "; COMP_WORDS=(" + line +
                            "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _labs; printf \"%s\\n\" \"${COMPREPLY[@]}\"'");
  };
  CHECK(complete("labs ve") == "verify\n");
  CHECK_THAT(complete("labs verify --no"), Catch::Contains("--no-cache\n") && Catch::Contains("--no-probes\n"));
  CHECK_THAT(complete("labs verify wee"), Catch::Contains("week1\n") && Catch::Contains("week2\n"));
  CHECK(complete("labs explain first-c") == "first-commits\n");
  CHECK(complete("labs completion z") == "zsh\n");
  CHECK_THAT(complete("labs --la"), Catch::Contains("--labs\n") && Catch::Contains("--lang\n"));
  CHECK_THAT(test::read_text(script), !Catch::Contains("--worker"));  // labs grade's own flag is not offered
}

TEST_CASE("completion: fish and zsh scripts are valid, and fish completes from them", "[e2e][completion]") {
  TempDir temp;
  const fs::path fish = generate(temp, "fish", "labs.fish");
  const fs::path zsh = generate(temp, "zsh", "_labs");
  if (test::run_shell("command -v fish >/dev/null && command -v zsh >/dev/null") != 0) {
    FAIL("fish and zsh are installed by scripts/install-deps.sh");
  }
  CHECK(test::run_shell("fish -n " + fish.string()) == 0);
  CHECK(test::run_shell("zsh -n " + zsh.string()) == 0);
  const auto fish_offers = [&](const std::string& line) {
    return shell_output(temp, "fish -c 'source " + fish.string() + "; complete -C \"" + line + "\"'");
  };
  CHECK_THAT(fish_offers("labs che"), Catch::StartsWith("checklist\tThe roadmap"));
  CHECK_THAT(fish_offers("labs grade --sa"), Catch::Contains("--sandbox"));
  CHECK_THAT(fish_offers("labs hint first-"), Catch::Contains("first-commits"));
  CHECK_THAT(test::read_text(zsh), Catch::StartsWith("#compdef labs") && Catch::Contains("verify) _arguments"));
}

TEST_CASE("man page: renders without warnings and documents every command and the exit codes", "[e2e][completion]") {
  TempDir temp;
  const fs::path page = generate(temp, "man", "labs.1");
  CHECK(shell_output(temp, "groff -man -Tutf8 -ww -z " + page.string() + " 2>&1").empty());
  const std::string text = shell_output(temp, "MANWIDTH=100 man -l " + page.string() + " 2>/dev/null | col -b");
  for (const char* command :
       {"verify", "list", "lint", "grade", "status", "next", "hint", "explain", "checklist", "completion"}) {
    INFO(command);
    CHECK_THAT(text, Catch::Contains(std::string("\n   ") + command + "\n"));
  }
  CHECK_THAT(
      text, Catch::Contains("EXIT STATUS") && Catch::Contains("--min-percent") && Catch::Contains("labs verify week1"));
}
