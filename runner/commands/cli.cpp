#include "commands/commands.hpp"

#include <labs/base/ci.hpp>
#include <labs/base/exit_codes.hpp>
#include <labs/commands/cli.hpp>
#include <labs/process/sandbox.hpp>

#include <array>
#include <csignal>
#include <iostream>

namespace labkit {

namespace {

constexpr std::array kCommands{
    Command{"verify", &define_verify},
    Command{"list", &define_list},
    Command{"lint", &define_lint},
    Command{"grade", &define_grade},
    Command{"status", &define_status},
    Command{"next", &define_next},
    Command{"hint", &define_hint},
    Command{"explain", &define_explain},
    Command{"project", &define_project},
    Command{"checklist", &define_checklist},
    Command{"tick", &define_tick},
    Command{"selftest", &define_selftest},
    Command{"watch", &define_watch},
    Command{"completion", &define_completion},  // also `man`: both generated from the definitions above
};

}  // namespace

int run(int argc, char** argv) {
  protect_own_process();
  guard_stderr_on_github();
  CLI::App app{"labs — checks bootcamp labs against your git repository", "labs"};
  app.set_version_flag("--version", "labs " LABS_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions globals;
  app.add_option("--labs", globals.labs_dir, "Use the lab files in this folder instead of the built-in catalog")
      ->envname("LABS_DIR");
  app.add_option(
         "--track", globals.default_track,
         "The track selectors without one refer to (default: .labs.yaml's, else mlops or the --labs bundle's track)")
      ->envname("LABS_TRACK");
  app.add_option("--lang", globals.lang, "The language of lab texts where a lab gives it: en, ru (default: from LANG)")
      ->envname("LABS_LANG");
  app.add_option("--color", globals.color, "Colour the output: auto (on a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.footer(
      "\nStart with: labs list, then labs verify week1 in your project folder.\n"
      "labs COMMAND --help shows a command's options and examples.");
  // Past a file-size limit (a full quota, prlimit --fsize) a write must fail
  // with EFBIG, which the report writers explain, instead of killing labs.
  std::signal(SIGXFSZ, SIG_IGN);
  int exit_code = kExitPassed;
  for (const auto& command : kCommands) command.define(app, globals, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitPassed : kExitUsage;
  } catch (const std::exception& error) {
    std::cerr << "labs: internal error: " << error.what() << '\n';
    return kExitEnvironment;
  }
  return exit_code;
}

}  // namespace labkit
