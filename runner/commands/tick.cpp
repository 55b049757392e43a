// `labs tick ITEM --evidence TEXT`: the learner confirms a manual item (a
// cloud deploy, an interview) with evidence; `--undo` takes the tick back.
// Ticks go to labs-evidence.yaml, which is committed for whoever grades.
#include "commands/learner_progress.hpp"

#include <labs/base/exit_codes.hpp>
#include <labs/engine/manual_items.hpp>

#include <fmt/format.h>

#include <iostream>

namespace labkit {

namespace {

struct TickOptions {
  std::string item, evidence, repo;
  bool undo = false;
};

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

int run_tick(const TickOptions& options, const GlobalOptions& globals) {
  if (options.undo == !blank(options.evidence)) {
    std::cerr << "labs tick: give --evidence TEXT (what shows it is done), or --undo\n";
    return kExitUsage;
  }
  auto read = read_learner_progress(globals, options.repo);
  if (auto* code = std::get_if<int>(&read)) return *code;
  const auto& progress = std::get<LearnerProgress>(read);
  const auto found = find_learner_item(progress, options.item);
  if (!found) return kExitUsage;
  const std::string key = found->lab->id + "/" + found->item->id;
  if (!found->item->manual) {
    std::cerr << fmt::format(
        "labs tick: {} is checked by labs itself; run labs verify (only manual items are ticked by hand)\n", key);
    return kExitUsage;
  }
  std::string problem;
  auto ticks = read_evidence(progress.root, problem);
  if (!problem.empty()) {
    std::cerr << "labs tick: " << problem << '\n';
    return kExitEnvironment;
  }
  if (options.undo) {
    if (!ticks.erase(key)) std::cout << fmt::format("{} was not ticked\n", key);
  } else {
    ticks[key] = {options.evidence, utc_timestamp()};
  }
  if (auto error = write_evidence(progress.root, ticks); !error.empty()) {
    std::cerr << "labs tick: " << error << '\n';
    return kExitEnvironment;
  }
  if (!options.undo) {
    std::cout << fmt::format("ticked {} — {}\nevidence: {}\nCommit {} so whoever grades your repository sees it.\n",
                             key, found->item->text, options.evidence, kEvidenceFile);
  } else {
    std::cout << fmt::format("{} is not ticked any more\n", key);
  }
  return kExitPassed;
}

}  // namespace

void define_tick(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto options = std::make_shared<TickOptions>();
  CLI::App* command = app.add_subcommand("tick", "Tick a manual item (one no machine can check) with evidence");
  command->footer(
      "\nITEM is an item id, or LAB/ITEM when several labs use it. The tick goes to labs-evidence.yaml\n"
      "at the repository root: commit it. A CI gate does not count manual items unless the lab says so.\n\n"
      "Examples:\n  labs tick cloud-deploy --evidence https://wine-api.onrender.com/docs\n  labs tick cloud-deploy "
      "--undo");
  command->add_option("item", options->item, "The manual item")->required();
  command->add_option("--evidence", options->evidence, "What shows it is done: a URL, a short note");
  command->add_flag("--undo", options->undo, "Take the tick back");
  command->add_option("--repo", options->repo, "The repository (default: the one around this folder)");
  command->callback([options, &globals, &exit_code] { exit_code = run_tick(*options, globals); });
}

}  // namespace labkit
