// `labs status` (the roadmap as a board) and `labs next` (the first item
// still to do, with its hint), both read from .labs/progress.json.
#include "commands/learner_progress.hpp"

#include <labs/base/exit_codes.hpp>

#include <fmt/format.h>

#include <iostream>
#include <map>

namespace labkit {

namespace {

/// ✓ proven, ✗ checked and not done, · not checked yet.
const char* mark(const ProgressState& state, const std::string& id) {
  const auto found = state.items.find(id);
  if (found == state.items.end()) return "·";
  return found->second.done ? "✓" : "✗";
}

std::string bar(int done, int total) {
  const int width = 10, filled = total ? done * width / total : 0;
  std::string text;
  for (int i = 0; i < width; ++i) text += i < filled ? "█" : "░";
  return text;
}

int percent(int done, int total) { return total ? done * 100 / total : 0; }

void print_board(const LearnerProgress& progress) {
  std::map<int, std::vector<const Lab*>> weeks;
  int done = 0, total = 0;
  for (const auto& selection : progress.labs) {
    const Lab& lab = selection.lab->lab;
    weeks[lab.weeks.first].push_back(&lab);
    for (const auto& item : lab.items) done += progress.state.done(lab.id, item.id), ++total;
  }
  std::cout << fmt::format("{} track: {} of {} items proven ({}%)\n", progress.track, done, total,
                           percent(done, total));
  for (const auto& [week, labs] : weeks) {
    int week_done = 0, week_total = 0;
    for (const Lab* lab : labs) {
      for (const auto& item : lab->items) week_done += progress.state.done(lab->id, item.id), ++week_total;
    }
    std::cout << fmt::format("\nweek {:<3} {} {:>3}%  {} of {}\n", week, bar(week_done, week_total),
                             percent(week_done, week_total), week_done, week_total);
    for (const Lab* lab : labs) {
      std::cout << fmt::format("  {:<18} {}\n", lab->id, lab->title);
      for (const auto& item : lab->items) {
        std::cout << fmt::format("    {} {:<22} {}\n", mark(progress.state, lab->id + "/" + item.id), item.id,
                                 item.text);
      }
    }
  }
  std::string after;
  for (const auto& milestone : progress.catalog.bundle.milestones) {
    if (milestone.track != progress.track) continue;
    if (after.empty()) std::cout << "\nroadmap checklist\n";
    if (milestone.after != after) std::cout << fmt::format("  after {}\n", after = milestone.after);
    int proven = 0;
    for (const auto& item : milestone.items)
      proven += progress.state.items.count(item) && progress.state.items.at(item).done;
    const std::string detail = milestone.items.empty() ? "  (no lab proves this yet)"
                               : milestone_done(milestone, progress.state)
                                   ? ""
                                   : fmt::format("  ({} of {} items)", proven, milestone.items.size());
    std::cout << fmt::format("    {} {}{}\n",
                             milestone.items.empty()                     ? "–"
                             : milestone_done(milestone, progress.state) ? "✓"
                                                                         : "·",
                             milestone.text, detail);
  }
  if (progress.state.items.empty()) std::cout << "\nNothing recorded yet: run labs verify week1 to start.\n";
}

/// The first item in roadmap order not proven yet.
std::optional<std::pair<const Lab*, const Item*>> next_item(const LearnerProgress& progress) {
  for (const auto& selection : progress.labs) {
    for (const auto& item : selection.lab->lab.items) {
      if (!progress.state.done(selection.lab->lab.id, item.id)) return std::pair{&selection.lab->lab, &item};
    }
  }
  return std::nullopt;
}

int run_status(const std::string& repo, const GlobalOptions& globals) {
  auto read = read_learner_progress(globals, repo);
  if (auto* code = std::get_if<int>(&read)) return *code;
  print_board(std::get<LearnerProgress>(read));
  return kExitPassed;
}

int run_next(const std::string& repo, const GlobalOptions& globals) {
  auto read = read_learner_progress(globals, repo);
  if (auto* code = std::get_if<int>(&read)) return *code;
  const auto& progress = std::get<LearnerProgress>(read);
  const auto next = next_item(progress);
  if (!next) {
    std::cout << fmt::format("Every item of the {} track is proven.\n", progress.track);
    return kExitPassed;
  }
  const auto [lab, item] = *next;
  std::cout << fmt::format("next: {}/{} — {}\n  lab: {} ({})\n", lab->id, item->id, item->text, lab->title,
                           lab->span_label());
  if (!item->hint.empty()) std::cout << fmt::format("  hint: {}\n", item->hint);
  std::cout << fmt::format("  check it: labs verify {}/{}\n", lab->id, item->id);
  return kExitPassed;
}

}  // namespace

void define_status(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto repo = std::make_shared<std::string>();
  CLI::App* status =
      app.add_subcommand("status", "Show your whole roadmap: weeks, labs and items with ticks, and milestones");
  status->footer(
      "\nThe ticks are what your last labs verify runs proved (kept in .labs/progress.json).\n\n"
      "Examples:\n  labs status\n  labs status --track backend");
  status->add_option("--repo", *repo, "The repository (default: the one around this folder)");
  status->callback([repo, &globals, &exit_code] { exit_code = run_status(*repo, globals); });
}

void define_next(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto next_repo = std::make_shared<std::string>();
  CLI::App* next = app.add_subcommand("next", "Name the first item still to do, with its hint");
  next->footer("\nExample:\n  labs next");
  next->add_option("--repo", *next_repo, "The repository (default: the one around this folder)");
  next->callback([next_repo, &globals, &exit_code] { exit_code = run_next(*next_repo, globals); });
}

}  // namespace labkit
