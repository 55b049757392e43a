// `labs hint ITEM` and `labs explain ITEM`: an item's hint, and exactly what
// is checked (each step as the lab states it) and why it matters.
#include "commands/learner_progress.hpp"

#include <labs/base/exit_codes.hpp>
#include <labs/spec/check_kind.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <iostream>

namespace labkit {

namespace {

std::string where(const SourceLocation& location) {
  return location.line ? fmt::format("{}:{}", location.file, location.line) : location.file;
}

int run_hint(const std::string& wanted, const GlobalOptions& globals, bool explain) {
  auto read = read_learner_progress(globals, "");
  if (auto* code = std::get_if<int>(&read)) return *code;
  const auto& progress = std::get<LearnerProgress>(read);
  const auto found = find_learner_item(progress, wanted);
  if (!found) return kExitUsage;
  const Lab& lab = *found->lab;
  const Item& item = *found->item;
  const std::string id = lab.id + "/" + item.id;
  if (!explain) {
    std::cout << fmt::format("{} — {}\n{}\n", id, item.text, item.hint.empty() ? "(this item has no hint)" : item.hint);
    return kExitPassed;
  }
  std::cout << fmt::format("{} — {} ({} pt)\nlab: {} ({}), {}\n", id, item.text, item.points, lab.title,
                           lab.span_label(), where(item.where));
  if (!item.why.empty()) std::cout << fmt::format("\nwhy it matters: {}\n", item.why);
  if (item.manual) {
    std::cout << fmt::format(
        "\nchecked by hand: no machine can prove it. Once done, tick it with the evidence asked for:\n"
        "  labs tick {} --evidence \"{}\"\n{}",
        id, item.manual->evidence, item.manual->counts_in_ci ? "" : "A CI gate does not count it.\n");
  } else {
    std::cout << "\nwhat is checked (every step must pass):\n";
  }
  for (std::size_t i = 0; i < item.steps.size(); ++i) {
    std::string spec = YAML::Dump(*item.steps[i].definition);
    while (!spec.empty() && spec.back() == '\n') spec.pop_back();
    for (std::size_t at = 0; (at = spec.find('\n', at)) != std::string::npos; at += 6) spec.insert(at + 1, "     ");
    std::cout << fmt::format("  {}. {}\n     ({})\n", i + 1, spec, where(item.steps[i].where));
    if (const CheckKind* kind = find_check_kind(item.steps[i].kind)) {
      std::cout << fmt::format("     {}: {}; it takes {}\n", kind->name, kind->summary, fmt::join(kind->keys, ", "));
    }
  }
  if (item.runs_learner_code())
    std::cout << "  It runs your code (in your repository, time-limited, without your secrets).\n";
  if (item.local_only) std::cout << "  Only provable on your machine: CI skips it.\n";
  if (!item.needs.empty()) std::cout << fmt::format("  Checked once these pass: {}\n", fmt::join(item.needs, ", "));
  if (!item.hint.empty()) std::cout << fmt::format("\nhint: {}\n", item.hint);
  const auto tick = progress.state.items.find(id);
  if (tick != progress.state.items.end()) {
    std::cout << fmt::format("\nyour last check: {} (so since {}, at commit {})\n",
                             tick->second.done ? "done" : "not done", tick->second.at,
                             tick->second.commit.substr(0, 7));
  }
  return kExitPassed;
}

void define(CLI::App& app, const GlobalOptions& globals, int& exit_code, bool explain) {
  auto wanted = std::make_shared<std::string>();
  CLI::App* command =
      app.add_subcommand(explain ? "explain" : "hint",
                         explain ? "Say exactly what an item checks, and why it matters" : "Show the hint of an item");
  command->footer(
      fmt::format("\nITEM is an item id, or LAB/ITEM when several labs use it.\n\nExamples:\n"
                  "  labs {0} first-commits\n  labs {0} git-basics/first-commits",
                  explain ? "explain" : "hint"));
  command->add_option("item", *wanted, "The item")->required();
  command->callback([wanted, &globals, &exit_code, explain] { exit_code = run_hint(*wanted, globals, explain); });
}

}  // namespace

void define_hint(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  define(app, globals, exit_code, false);
}
void define_explain(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  define(app, globals, exit_code, true);
}

}  // namespace labkit
