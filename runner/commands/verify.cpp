// `labs verify SELECTOR...`: the learner's and the CI gate's command.
#include "commands/commands.hpp"

#include <labs/executor.hpp>
#include <labs/live_progress.hpp>
#include <labs/exit_codes.hpp>
#include <labs/process.hpp>
#include <labs/repo.hpp>
#include <labs/report.hpp>
#include <labs/result_cache.hpp>

#include <fmt/format.h>

#include <iostream>
#include <optional>
#include <thread>

namespace labkit {

namespace {

struct VerifyOptions {
  std::vector<std::string> selectors;
  std::string repo;
  double timeout_seconds = 120;
  bool verbose = false;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  bool no_cache = false;
};

bool has_probes(const std::vector<PlannedLab>& plan) {
  for (const auto& lab : plan) {
    for (const Item* item : lab.items) {
      if (item->runs_learner_code()) return true;
    }
  }
  return false;
}

RepoSummary summarize(const Repo& repo) {
  RepoSummary summary{repo.root().string(), repo.head_id(), repo.branch(), {}};
  if (summary.head_commit.empty()) {
    summary.notices.push_back("the repository has no commit yet: checks of history and committed files fail until "
                              "you commit (git add . && git commit -m \"First commit\")");
  }
  if (repo.is_shallow()) {
    summary.notices.push_back("this is a shallow clone, so the history is cut: history checks need all of it "
                              "(git fetch --unshallow; GitHub Actions: actions/checkout with fetch-depth: 0)");
  }
  return summary;
}

int run_verify(const VerifyOptions& options, const GlobalOptions& globals) {
  auto catalog = load_catalog(globals);
  if (!catalog) return kExitUsage;
  auto selections = select_valid_labs(*catalog, options.selectors, globals);
  if (!selections) return kExitUsage;

  const bool explicit_repo = !options.repo.empty();
  auto opened = Repo::open(explicit_repo ? options.repo : std::filesystem::current_path().string(), !explicit_repo);
  if (!opened.repo) {
    std::cerr << "labs: " << opened.problem << '\n';
    return kExitEnvironment;
  }
  CheckContext context{*opened.repo, opened.repo->root(),
                       std::chrono::milliseconds(static_cast<long>(options.timeout_seconds * 1000))};
  const auto plan = plan_run(*selections);
  // The work tree is fingerprinted once, before any probe can change it.
  std::optional<WorkTreeFingerprint> fingerprint;
  std::optional<ResultCache> cache;
  if (!options.no_cache && has_probes(plan)) {
    fingerprint = fingerprint_work_tree(*opened.repo);
    if (fingerprint->error.empty()) cache.emplace(cache_folder(*opened.repo), *fingerprint);
  }
  std::optional<LiveProgress> progress;
  if (LiveProgress::wanted(stderr)) progress.emplace(stderr);
  RunResult result = execute_plan(plan, context, ExecuteOptions{options.jobs, progress ? &*progress : nullptr,
                                                                cache ? &*cache : nullptr});
  progress.reset();
  end_leftover_processes();
  end_if_interrupted();
  result.repo = summarize(*opened.repo);

  const auto reporter = find_reporter_kind("text")->make(ReportOptions{use_color(globals), options.verbose});
  reporter->write(result, std::cout);
  std::cout.flush();
  return result.exit_code();
}

}  // namespace

void define_verify(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App* command = app.add_subcommand("verify", "Check the labs' items against your repository");
  command->footer(
      "\nSelectors: all, week2 (w2), day11 (d11), a lab id, with an optional track first (backend/week1)\n"
      "and an item last (week1/first-commits). The mlops track is the default.\n\n"
      "Examples:\n"
      "  labs verify week1                 every week-1 lab, in the repository around this folder\n"
      "  labs verify day3 --repo ~/ml-app  the lab that covers day 3, in another repository\n"
      "  labs verify week1/ml-gitignore    one item\n\n"
      "Exit codes: 0 all done, 1 something to do or not checkable, 2 bad usage or invalid labs,\n"
      "3 no usable repository.");
  command->add_option("selectors", options->selectors, "Which labs or items to check")->required();
  command->add_option("--repo", options->repo, "The repository to check (default: the one around this folder)");
  command->add_option("--timeout", options->timeout_seconds, "Default time limit of a probe step (command, pytest), in seconds")
      ->check(CLI::Range(0.1, 86400.0));
  command->add_option("-j,--jobs", options->jobs, "Probes run at once (default: the number of cores)")
      ->check(CLI::Range(1u, 256u));
  command->add_flag("--no-cache", options->no_cache, "Run every probe, even when its inputs did not change");
  command->add_flag("-v,--verbose", options->verbose, "Show the evidence of passing steps too");
  command->callback([options, &globals, &exit_code] { exit_code = run_verify(*options, globals); });
}

}  // namespace labkit
