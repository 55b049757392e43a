#include "commands/commands.hpp"

#include <labs/base/ci.hpp>
#include <labs/base/language.hpp>
#include <labs/repo/git_ptr.hpp>

#include <fmt/format.h>

#include <unistd.h>
#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace labkit {

std::string default_track(const GlobalOptions& globals, const Bundle& bundle) {
  if (!globals.default_track.empty()) return globals.default_track;
  const auto tracks = bundle_tracks(bundle);
  if (tracks.empty() || std::find(tracks.begin(), tracks.end(), "mlops") != tracks.end()) return "mlops";
  return tracks.front();
}

std::optional<LoadedCatalog> load_catalog(const GlobalOptions& globals, CatalogDepth depth) {
  set_text_language(globals.lang.empty() ? language_from_environment() : globals.lang);
  LoadedCatalog catalog;
  if (globals.labs_dir.empty()) {
    catalog.sources = embedded_lab_sources();
    if (depth == CatalogDepth::headers) {
      catalog.bundle = load_bundle_headers(catalog.sources);
      catalog.headers_only = true;
      return catalog;
    }
  } else {
    std::error_code error;
    if (!std::filesystem::is_directory(globals.labs_dir, error)) {
      std::cerr << fmt::format("labs: --labs {}: not a folder of lab files\n", globals.labs_dir);
      return std::nullopt;
    }
    try {
      catalog.sources = read_lab_folder(globals.labs_dir, catalog.storage);
    } catch (const std::filesystem::filesystem_error& e) {
      std::cerr << fmt::format("labs: --labs {}: {}\n", globals.labs_dir, e.code().message());
      return std::nullopt;
    }
    if (catalog.sources.empty()) {
      std::cerr << fmt::format("labs: --labs {}: no *.yaml lab files in it\n", globals.labs_dir);
      return std::nullopt;
    }
  }
  catalog.bundle = load_bundle(catalog.sources);
  return catalog;
}

std::optional<std::vector<Selector>> parse_selectors(const LoadedCatalog& catalog,
                                                     const std::vector<std::string>& texts) {
  // A file whose header cannot be read might be any lab: it always blocks.
  bool blocked = false;
  for (const auto& loaded : catalog.bundle.labs) {
    if (loaded.header_ok) continue;
    for (const auto& d : loaded.diagnostics.all()) std::cerr << format_diagnostic(d) << '\n';
    blocked = true;
  }
  if (blocked) return std::nullopt;
  const auto tracks = bundle_tracks(catalog.bundle);
  std::vector<Selector> parsed;
  for (const auto& text : texts) {
    std::string error;
    auto selector = parse_selector(text, tracks, error);
    if (!selector) {
      std::cerr << "labs: " << error << '\n';
      return std::nullopt;
    }
    parsed.push_back(std::move(*selector));
  }
  return parsed;
}

void load_selected_labs(LoadedCatalog& catalog, const std::vector<Selector>& selectors, const GlobalOptions& globals) {
  if (!catalog.headers_only) return;
  load_named_labs(catalog.bundle, catalog.sources, selectors, default_track(globals, catalog.bundle));
  catalog.headers_only = false;
}

std::optional<std::vector<Selection>> select_valid_labs(const LoadedCatalog& catalog,
                                                        const std::vector<std::string>& texts,
                                                        const GlobalOptions& globals) {
  const auto parsed = parse_selectors(catalog, texts);
  if (!parsed) return std::nullopt;
  return select_valid_labs(catalog, *parsed, globals);
}

std::optional<std::vector<Selection>> select_valid_labs(const LoadedCatalog& catalog,
                                                        const std::vector<Selector>& parsed,
                                                        const GlobalOptions& globals) {
  const Bundle& bundle = catalog.bundle;
  std::string error;
  auto selections = select_labs(bundle, parsed, default_track(globals, bundle), error);
  if (!error.empty()) {
    std::cerr << "labs: " << error << '\n';
    return std::nullopt;
  }
  std::size_t invalid_selected = 0;
  for (const auto& selection : selections) {
    for (const auto& d : selection.lab->diagnostics.all()) std::cerr << format_diagnostic(d) << '\n';
    invalid_selected += selection.lab->valid() ? 0 : 1;
  }
  if (invalid_selected) {
    std::cerr << fmt::format("labs: {} selected lab file(s) are invalid; nothing was run\n", invalid_selected);
    return std::nullopt;
  }
  std::size_t invalid_others = 0;
  for (const auto& loaded : bundle.labs) invalid_others += loaded.valid() ? 0 : 1;
  if (invalid_others) {
    std::cerr << fmt::format("labs: warning: {} other lab file(s) have errors (labs lint shows them)\n",
                             invalid_others);
  }
  return selections;
}

std::string bundle_hash(const std::vector<LabSource>& sources) {
  std::string all;
  for (const auto& source : sources) {
    all += source.name;
    all += '\0';
    all.append(source.text);
    all += '\0';
  }
  git_oid id{};
  if (git_odb_hash(&id, all.data(), all.size(), GIT_OBJECT_BLOB) != 0) return "";
  return "sha1:" + hex_id(id);
}

bool use_color(const GlobalOptions& globals) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  if (globals.color == "always") return true;
  if (globals.color == "never") return false;
  if (detect_ci() != CiKind::none) return false;  // CI logs that render colour get it with --color always
  const char* term = std::getenv("TERM");
  return isatty(STDOUT_FILENO) && !(term && std::string_view(term) == "dumb");
}

}  // namespace labkit
