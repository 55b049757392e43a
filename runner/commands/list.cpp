// `labs list [SELECTOR...]`: the catalog as tracks, weeks, labs and items.
#include "commands/commands.hpp"

#include <labs/exit_codes.hpp>

#include <fmt/format.h>

#include <iostream>

namespace labkit {

namespace {

int run_list(const std::vector<std::string>& selectors, const GlobalOptions& globals) {
  auto catalog = load_catalog(globals);
  if (!catalog) return kExitUsage;
  std::vector<std::string> wanted = selectors;
  if (wanted.empty()) {
    for (const auto& track : bundle_tracks(catalog->bundle)) wanted.push_back(track + "/all");
  }
  auto selections = select_valid_labs(*catalog, wanted, globals);
  if (!selections) return kExitUsage;
  std::string track;
  for (const auto& selection : *selections) {
    const Lab& lab = selection.lab->lab;
    if (lab.track != track) {
      std::cout << (track.empty() ? "" : "\n") << lab.track << '\n';
      track = lab.track;
    }
    std::cout << fmt::format("  {:<20} {:<22} {}\n", lab.id, lab.span_label(), lab.title);
    for (const auto& item : lab.items) {
      const auto& only = selection.item_ids;
      if (!only.empty() && std::find(only.begin(), only.end(), item.id) == only.end()) continue;
      std::cout << fmt::format("      - {:<22} {} ({} pt)\n", item.id, item.text, item.points);
    }
  }
  return kExitPassed;
}

}  // namespace

void define_list(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto selectors = std::make_shared<std::vector<std::string>>();
  CLI::App* command = app.add_subcommand("list", "Show the tracks, weeks, days, labs and items");
  command->footer("\nExamples:\n  labs list            the whole catalog\n  labs list week1      the labs of week 1\n"
                  "  labs list backend/all");
  command->add_option("selectors", *selectors, "Which labs to show (default: all tracks)");
  command->callback([selectors, &globals, &exit_code] { exit_code = run_list(*selectors, globals); });
}

}  // namespace labkit
