// `labs selftest [SELECTOR...]`: proves each lab against the repositories its
// selftest scripts build — every automatic item passes on the reference
// solution and fails on the starter. Lab authors and CI run it; learners never
// need it. Each repository is built once and judged by a real `labs verify`.
#include "commands/commands.hpp"

#include <labs/base/exit_codes.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/selector.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <unistd.h>
#include <algorithm>
#include <iostream>
#include <map>

namespace labkit {

namespace {

namespace fs = std::filesystem;

struct SelftestOptions {
  std::vector<std::string> selectors{"all"};
  unsigned jobs = 0;
  bool keep = false;
};

/// A repository a selftest script built, and what verify said about it.
struct Built {
  fs::path root;
  std::string problem;                                               ///< the script or verify failed
  std::map<std::string, std::pair<std::string, std::string>> items;  ///< "lab/item" → (status, evidence)
};

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::string script_of(const Lab& lab, const std::string& relative) {
  return fs::absolute(fs::path(lab.source).parent_path() / relative).lexically_normal().string();
}

/// Runs the script into a fresh folder, then verify on it for these labs.
Built build_and_verify(const std::string& script, const std::vector<std::string>& labs, const fs::path& work,
                       const GlobalOptions& globals, const SelftestOptions& options) {
  Built built;
  built.root = work / "repo";
  const auto environment = environment_outside_ci();
  // The lab's own scripts and labs itself are the instructor's and ours, not
  // learner code: they run unsandboxed (labs sandboxes its own probes).
  ProcessRequest make{fmt::format("bash {} {}", shell_quote(script), shell_quote(built.root.string())), work,
                      std::chrono::minutes(5), 64 << 10, environment};
  make.containment.learner_code = false;
  const ProcessResult made = run_process(make);
  if (made.exit_code != 0) {
    built.problem = fmt::format("{} failed (exit {}): {}", script, made.exit_code,
                                first_line(made.err.empty() ? made.launch_error : made.err));
    return built;
  }
  const fs::path report = work / "report.json";
  std::string command = fmt::format("{} --labs {} verify", shell_quote(labs_executable()),
                                    shell_quote(fs::absolute(globals.labs_dir).string()));
  for (const auto& lab : labs) command += " " + shell_quote(lab);
  command += fmt::format(" --no-cache --repo {} --report json:{}", shell_quote(built.root.string()),
                         shell_quote(report.string()));
  if (options.jobs) command += fmt::format(" --jobs {}", options.jobs);
  ProcessRequest verify{command, work, std::chrono::minutes(20), 64 << 10, environment};
  verify.containment.learner_code = false;
  const ProcessResult verified = run_process(verify);
  std::string error;
  const auto text = read_text_file(report, 64 << 20, error);
  const nlohmann::json json = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  if (!json.is_object() || !json.contains("labs")) {
    built.problem = fmt::format("labs verify on what {} built gave no report (exit {}): {}", script, verified.exit_code,
                                first_line(verified.err));
    return built;
  }
  for (const auto& lab : json["labs"]) {
    for (const auto& item : lab["items"]) {
      if (item.value("manual", false)) continue;
      std::string evidence = item.value("note", "");
      for (const auto& step : item["steps"]) {
        if (step.value("status", "") != "pass") {
          evidence = step.value("evidence", "");
          break;
        }
      }
      built.items[lab.value("id", "") + "/" + item.value("id", "")] = {item.value("status", ""), evidence};
    }
  }
  return built;
}

/// One repository a lab is proven against, and what it must show.
struct SelftestRun {
  std::string kind;  ///< reference, starter, cheat, variant
  std::string script;
  std::vector<std::string> items;  ///< the items judged; empty = every automatic item
  bool should_pass = true;
  std::string open;  ///< a known gap: why labs still gets it wrong
};

std::vector<SelftestRun> runs_of(const Lab& lab) {
  const LabSelftest& selftest = *lab.selftest;
  std::vector<SelftestRun> runs{{"reference", script_of(lab, selftest.reference), {}, true},
                                {"starter", script_of(lab, selftest.starter), {}, false}};
  for (const auto& cheat : selftest.cheats)
    runs.push_back({"cheat", script_of(lab, cheat.script), cheat.items, false, cheat.open});
  for (const auto& variant : selftest.variants)
    runs.push_back({"variant", script_of(lab, variant.script), variant.items, true, variant.open});
  return runs;
}

/// What a lab's runs showed, for the closing count.
struct LabVerdict {
  bool proven = true;
  int cheats = 0, cheats_caught = 0, variants = 0, variants_passed = 0, open = 0;
};

/// Prints a lab's table: its reference must pass each automatic item, its
/// starter none, each cheat none of the items it targets, each variant all of
/// its items.
LabVerdict report_lab(const Lab& lab, std::map<std::string, Built>& built) {
  LabVerdict verdict;
  std::vector<std::string> lines;
  int items = 0;
  for (const auto& item : lab.items) items += !item.manual;
  for (const auto& run : runs_of(lab)) {
    std::vector<std::string> problems, unproven;
    const Built& repo = built[run.script];
    std::vector<const Item*> judged;
    for (const auto& item : lab.items) {
      const bool named = std::find(run.items.begin(), run.items.end(), item.id) != run.items.end();
      if (!item.manual && (run.items.empty() || named)) judged.push_back(&item);
    }
    if (!repo.problem.empty()) problems.push_back(repo.problem);
    for (const Item* item : repo.problem.empty() ? judged : std::vector<const Item*>{}) {
      const auto found = repo.items.find(lab.id + "/" + item->id);
      const std::string status = found == repo.items.end() ? "missing" : found->second.first;
      const std::string evidence = found == repo.items.end() ? "" : first_line(found->second.second);
      // A skip is a tool this machine lacks: said, not failed, either way.
      if (status == "skip") {
        unproven.push_back(fmt::format("{} not proven here: {}", item->id, evidence));
      } else if ((status == "pass") != run.should_pass) {
        problems.push_back(fmt::format("{}: {}{}", item->id, run.should_pass ? status : "passed, but it must not",
                                       evidence.empty() ? "" : " — " + evidence));
      }
    }
    const bool ok = problems.empty();
    // A known gap is shown, not failed; once fixed, the note must go.
    const bool known_gap = !ok && !run.open.empty() && repo.problem.empty();
    if (known_gap) ++verdict.open;
    if (ok && !run.open.empty()) problems.push_back("now right: remove its open: note");
    if (run.kind == "cheat") {
      ++verdict.cheats;
      verdict.cheats_caught += ok;
    } else if (run.kind == "variant") {
      ++verdict.variants;
      verdict.variants_passed += ok;
    }
    verdict.proven = verdict.proven && (known_gap || problems.empty());
    std::vector<std::string> ids;
    ids.reserve(judged.size());
    for (const Item* item : judged) ids.push_back(item->id);
    const std::string what = run.items.empty() ? fmt::format("{} of {} item(s)", judged.size(), items)
                                               : fmt::format("{}", fmt::join(ids, ", "));
    lines.push_back(fmt::format("    {} {} {}: {} {}{}",
                                known_gap          ? "!"
                                : problems.empty() ? "✓"
                                                   : "✗",
                                run.kind, fs::path(run.script).filename().string(),
                                run.should_pass ? "passes" : "fails", what, known_gap ? " — open: " + run.open : ""));
    for (const auto& problem : problems) lines.push_back("        " + problem);
    for (const auto& note : unproven) lines.push_back("        ~ " + note);
  }
  std::cout << fmt::format("{} {}/{}  {} item(s){}\n", verdict.proven ? "✓" : "✗", lab.track, lab.id, items,
                           verdict.proven ? ": the reference passes each, the starter none" : "");
  for (const auto& line : lines) std::cout << line << '\n';
  return verdict;
}

int run_selftest(const SelftestOptions& options, const GlobalOptions& globals) {
  if (globals.labs_dir.empty()) {
    std::cerr << "labs selftest: needs the lab files with their selftest scripts: labs --labs DIR selftest (e.g. "
                 "--labs labs)\n";
    return kExitUsage;
  }
  auto catalog = load_catalog(globals);
  if (!catalog) return kExitUsage;
  // Here "all" means every track: a selftest is about the whole catalog.
  std::vector<std::string> selectors = options.selectors;
  if (selectors == std::vector<std::string>{"all"}) {
    selectors.clear();
    for (const auto& track : bundle_tracks(catalog->bundle)) selectors.push_back(track + "/all");
  }
  auto selected = select_valid_labs(*catalog, selectors, globals);
  if (!selected) return kExitUsage;

  // Each script runs once, for all the labs that name it.
  std::map<std::string, std::vector<std::string>> labs_of_script;
  std::vector<const Lab*> labs;
  int failures = 0;
  for (const auto& selection : *selected) {
    const Lab& lab = selection.lab->lab;
    if (!lab.selftest) {
      std::cout << fmt::format("✗ {}/{}: no selftest (selftest: {{reference: SCRIPT, starter: SCRIPT}})\n", lab.track,
                               lab.id);
      ++failures;
      continue;
    }
    labs.push_back(&lab);
    for (const auto& run : runs_of(lab)) {
      auto& ids = labs_of_script[run.script];
      if (std::find(ids.begin(), ids.end(), lab.id) == ids.end()) ids.push_back(lab.id);
    }
  }
  char pattern[] = "/tmp/labs-selftest-XXXXXX";
  if (!mkdtemp(pattern)) {
    std::cerr << "labs selftest: cannot make a temporary folder\n";
    return kExitEnvironment;
  }
  const fs::path work = pattern;
  std::map<std::string, Built> built;
  int n = 0;
  for (const auto& [script, lab_ids] : labs_of_script) {
    const fs::path folder = work / std::to_string(++n);
    fs::create_directories(folder);
    std::cerr << fmt::format("selftest: {} for {} lab(s)\n", script, lab_ids.size());
    built[script] = build_and_verify(script, lab_ids, folder, globals, options);
  }
  LabVerdict all;
  for (const Lab* lab : labs) {
    const LabVerdict verdict = report_lab(*lab, built);
    failures += !verdict.proven;
    all.cheats += verdict.cheats;
    all.cheats_caught += verdict.cheats_caught;
    all.variants += verdict.variants;
    all.variants_passed += verdict.variants_passed;
    all.open += verdict.open;
  }
  if (options.keep) {
    std::cout << fmt::format("repositories kept in {}\n", work.string());
  } else {
    std::error_code ignored;
    fs::remove_all(work, ignored);
  }
  std::cout << fmt::format(
      "\n{} of {} lab(s) proven; {} of {} cheat(s) caught, {} of {} variant(s) passed, {} known gap(s) open\n",
      selected->size() - failures, selected->size(), all.cheats_caught, all.cheats, all.variants_passed, all.variants,
      all.open);
  return failures ? kExitFailed : kExitPassed;
}

}  // namespace

void define_selftest(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto options = std::make_shared<SelftestOptions>();
  CLI::App* command =
      app.add_subcommand("selftest", "Prove labs: the reference passes every item, the starter and cheats fail");
  command->footer(
      "\nFor lab authors and CI. Each lab names scripts (selftest: {reference, starter, cheats, variants},\n"
      "relative to the lab file) that build a repository in the folder given to them; labs verify judges\n"
      "each: the reference passes every automatic item and the starter none, each cheat (a stub that\n"
      "cuts corners) fails the items it names, each variant (another real solution) passes its items.\n"
      "Manual items are left out; an item the reference run skips (a tool this machine lacks) is\n"
      "reported, not failed. Exit 0 when every lab is proven, 1 when one is not.\n\n"
      "Examples:\n  labs --labs labs selftest all\n  labs --labs labs selftest backend/week2 --keep");
  command->add_option("selectors", options->selectors, "Which labs (default: all, meaning every track)");
  command->add_option("--jobs", options->jobs, "Worker threads for each verify (default: the number of cores)")
      ->check(CLI::Range(1u, 256u));
  command->add_flag("--keep", options->keep, "Keep the built repositories, to look into a failure");
  command->callback([options, &globals, &exit_code] { exit_code = run_selftest(*options, globals); });
}

}  // namespace labkit
