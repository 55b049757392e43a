#pragma once

#include <labs/loader.hpp>
#include <labs/selector.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// Options every command shares, filled by CLI11 before a command runs.
struct GlobalOptions {
  std::string labs_dir;  ///< "" = the catalog compiled into the binary
  std::string color = "auto";
  std::string default_track;  ///< --track / LABS_TRACK; "" = the repo's .labs.yaml, else mlops
  std::string lang;           ///< --lang / LABS_LANG; "" = from the locale
};

/// A subcommand: `define` adds it to the app and arranges for its callback
/// to store the exit code.
struct Command {
  const char* name;
  void (*define)(CLI::App& app, const GlobalOptions& globals, int& exit_code);
};

void define_verify(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_list(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_lint(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_grade(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_status(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_next(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_hint(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_explain(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_checklist(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_selftest(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_tick(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_watch(CLI::App& app, const GlobalOptions& globals, int& exit_code);
void define_completion(CLI::App& app, const GlobalOptions& globals, int& exit_code);

/// The lab texts a run reads, and the bundle loaded from them.
struct LoadedCatalog {
  std::vector<std::string> storage;
  std::vector<LabSource> sources;
  Bundle bundle;
};

/// --track, else the repository's .labs.yaml (filled in by then), else mlops.
std::string default_track(const GlobalOptions& globals);

/// Loads the catalog named by the options; prints why and returns nullopt
/// when the --labs folder cannot be read. Given the run's selectors, the
/// built-in catalog loads whole only the labs they name (see load_bundle_for);
/// a --labs folder is always loaded whole, so all its errors are seen.
std::optional<LoadedCatalog> load_catalog(const GlobalOptions& globals,
                                          const std::vector<std::string>* selectors = nullptr);

/// Resolves selectors and makes sure every chosen lab is valid; prints the
/// problems (file:line:col) and returns nullopt otherwise.
std::optional<std::vector<Selection>> select_valid_labs(const LoadedCatalog& catalog,
                                                        const std::vector<std::string>& selectors,
                                                        const GlobalOptions& globals);

/// "sha1:…" over every lab file's name and text, in catalog order: names
/// the lab bundle a report or a grade was made with.
std::string bundle_hash(const std::vector<LabSource>& sources);

/// Whether to colour output on stdout: `--color`, NO_COLOR and the terminal.
bool use_color(const GlobalOptions& globals);

}  // namespace labkit
