// `labs lint`: validates every lab file of a bundle, for lab authors.
#include "commands/commands.hpp"

#include <labs/base/exit_codes.hpp>

#include <fmt/format.h>

#include <iostream>

namespace labkit {

namespace {

int run_lint(const GlobalOptions& globals) {
  auto catalog = load_catalog(globals);
  if (!catalog) return kExitUsage;
  std::size_t problems = 0, items = 0;
  for (const auto& loaded : catalog->bundle.labs) {
    for (const auto& d : loaded.diagnostics.all()) std::cerr << format_diagnostic(d) << '\n';
    problems += loaded.diagnostics.all().size();
    items += loaded.lab.items.size();
  }
  for (const auto& d : catalog->bundle.milestone_diagnostics.all()) std::cerr << format_diagnostic(d) << '\n';
  problems += catalog->bundle.milestone_diagnostics.all().size();
  if (problems) {
    std::cerr << fmt::format("labs lint: {} problem(s) in {} lab file(s)\n", problems, catalog->bundle.labs.size());
    return kExitUsage;
  }
  std::cout << fmt::format("labs lint: {} lab file(s), {} item(s), all valid\n", catalog->bundle.labs.size(), items);
  return kExitPassed;
}

}  // namespace

void define_lint(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  CLI::App* command = app.add_subcommand("lint", "Validate lab files (all of the bundle) and report every problem");
  command->footer("\nExample:\n  labs lint --labs ./my-labs   check an instructor's own lab folder");
  command->callback([&globals, &exit_code] { exit_code = run_lint(globals); });
}

}  // namespace labkit
