#pragma once

#include <labs/spec/loader.hpp>
#include <labs/spec/selector.hpp>

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// Options every command shares, filled by CLI11 before a command runs.
struct GlobalOptions {
  std::string labs_dir;  ///< "" = the catalog compiled into the binary
  std::string color = "auto";
  std::string default_track;  ///< --track / LABS_TRACK; "" = the repo's .labs.yaml, else see default_track()
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
void define_project(CLI::App& app, const GlobalOptions& globals, int& exit_code);
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
  bool headers_only = false;  ///< see CatalogDepth
};

/// --track, else the repository's .labs.yaml (filled in by then), else
/// mlops, or the bundle's first track when an instructor's bundle has no mlops.
std::string default_track(const GlobalOptions& globals, const Bundle& bundle);

/// How much of the built-in catalog load_catalog reads: `headers` for a run
/// that names its labs (load_selected_labs then reads those whole). A --labs
/// folder is always read whole, so all its errors are seen.
enum class CatalogDepth { whole, headers };

/// Loads the catalog named by the options; prints why and returns nullopt
/// when the --labs folder cannot be read.
std::optional<LoadedCatalog> load_catalog(const GlobalOptions& globals, CatalogDepth depth = CatalogDepth::whole);

/// Parses the selectors against the catalog's tracks, once per run; prints
/// the problems and returns nullopt when one is not a selector or a lab
/// file's header cannot be read (it might be any lab).
std::optional<std::vector<Selector>> parse_selectors(const LoadedCatalog& catalog,
                                                     const std::vector<std::string>& texts);

/// After load_catalog(…, CatalogDepth::headers): reads whole the labs the
/// selectors name.
void load_selected_labs(LoadedCatalog& catalog, const std::vector<Selector>& selectors, const GlobalOptions& globals);

/// Resolves selectors and makes sure every chosen lab is valid; prints the
/// problems (file:line:col) and returns nullopt otherwise.
std::optional<std::vector<Selection>> select_valid_labs(const LoadedCatalog& catalog,
                                                        const std::vector<Selector>& selectors,
                                                        const GlobalOptions& globals);
/// The same from the selectors' text (parse_selectors first).
std::optional<std::vector<Selection>> select_valid_labs(const LoadedCatalog& catalog,
                                                        const std::vector<std::string>& texts,
                                                        const GlobalOptions& globals);

/// "sha1:…" over every lab file's name and text, in catalog order: names
/// the lab bundle a report or a grade was made with.
std::string bundle_hash(const std::vector<LabSource>& sources);

/// Whether to colour output on stdout: `--color`, NO_COLOR and the terminal.
bool use_color(const GlobalOptions& globals);

}  // namespace labkit
