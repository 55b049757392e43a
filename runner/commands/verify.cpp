// `labs verify SELECTOR...`: the learner's and the CI gate's command.
#include "commands/commands.hpp"
#include "commands/learner_defaults.hpp"

#include <labs/atomic_file.hpp>
#include <labs/ci.hpp>
#include <labs/diagnostics.hpp>
#include <labs/executor.hpp>
#include <labs/live_progress.hpp>
#include <labs/mlflow_store.hpp>
#include <labs/exit_codes.hpp>
#include <labs/process.hpp>
#include <labs/progress_state.hpp>
#include <labs/repo.hpp>
#include <labs/report.hpp>
#include <labs/result_cache.hpp>
#include <labs/utf8.hpp>

#include <fmt/format.h>
#include <git2.h>

#include <fcntl.h>
#include <unistd.h>

#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <thread>

namespace labkit {

namespace {

struct VerifyOptions {
  std::vector<std::string> selectors;
  std::vector<std::string> reports;  ///< FORMAT or FORMAT:FILE
  GatePolicy gate;
  std::string repo;
  std::string mlflow_uri;
  double timeout_seconds = std::chrono::duration<double>(kDefaultProbeTimeout).count();
  bool verbose = false;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  bool no_cache = false;
  bool no_probes = false;
  bool worker = false;  ///< serve labs grade (see serve_as_worker)
};

/// Unguessable by a probe that wants to end the fence early.
std::string random_token() {
  std::random_device source;
  return fmt::format("labs-{:08x}{:08x}", source(), source());
}

RepoSummary summarize(const Repo& repo) {
  RepoSummary summary{valid_utf8(repo.root().string()), repo.head_id(), valid_utf8(repo.branch()), {}};
  if (const std::string damage = repo.damaged_head(); !damage.empty()) {
    summary.notices.push_back(valid_utf8("HEAD's commit cannot be read, the repository is damaged (" + damage + "); git fsck shows what is broken"));
  } else if (summary.head_commit.empty()) {
    summary.notices.push_back("the repository has no commit yet: checks of history and committed files fail until "
                              "you commit (git add . && git commit -m \"First commit\")");
  }
  if (repo.is_shallow()) {
    summary.notices.push_back("this is a shallow clone, so the history is cut: history checks need all of it "
                              "(git fetch --unshallow; GitHub Actions: actions/checkout with fetch-depth: 0)");
  }
  return summary;
}

/// A --report request: a format, and a file ("" = standard output).
struct ReportRequest {
  const ReporterKind* kind;
  std::string file;
};

std::optional<std::vector<ReportRequest>> parse_reports(const std::vector<std::string>& specs) {
  std::vector<ReportRequest> requests;
  for (const auto& spec : specs) {
    const auto colon = spec.find(':');
    const std::string name = spec.substr(0, colon);
    const ReporterKind* kind = find_reporter_kind(name);
    if (!kind) {
      std::vector<std::string> names;
      for (const auto& known : reporter_kinds()) names.emplace_back(known.name);
      const std::string suggestion = did_you_mean(name, names);
      std::cerr << fmt::format("labs: --report {}: unknown format '{}'{}; formats: {}\n", spec, name,
                               suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion),
                               fmt::join(names, ", "));
      return std::nullopt;
    }
    requests.push_back({kind, colon == std::string::npos ? "" : spec.substr(colon + 1)});
    if (colon != std::string::npos && requests.back().file.empty()) {
      std::cerr << fmt::format("labs: --report {}: a file name must follow the colon\n", spec);
      return std::nullopt;
    }
  }
  return requests;
}

/// Writes a report file whole or not at all (see replace_file_atomically).
bool write_report_file(const ReporterKind& kind, const ReportOptions& options, const RunResult& result, const std::string& file) {
  std::ostringstream text;
  kind.make(options)->write(result, text);
  const std::string problem = replace_file_atomically(file, text.str());
  if (!problem.empty()) std::cerr << fmt::format("labs: cannot write the {} report to {}: {}\n", kind.name, file, problem);
  return problem.empty();
}

/// The requested reports; with none, the text checklist. On GitHub the
/// terminal output is fenced so learner output in it cannot issue workflow
/// commands, then annotations follow, and a markdown summary goes to the job.
int write_reports(const RunResult& result, const std::vector<ReportRequest>& requests, const ReportOptions& options,
                  std::ostream& terminal) {
  const bool github = detect_ci() == CiKind::github;
  bool to_stdout = false;
  bool written = true;
  for (const auto& request : requests) {
    if (request.file.empty()) to_stdout = true;
    else written = write_report_file(*request.kind, options, result, request.file) && written;
  }
  const std::string fence = github ? random_token() : "";
  if (github) terminal << "::stop-commands::" << fence << '\n';
  if (!to_stdout) find_reporter_kind("text")->make(options)->write(result, terminal);
  for (const auto& request : requests) {
    if (request.file.empty()) request.kind->make(options)->write(result, terminal);
  }
  if (github) {
    terminal << "::" << fence << "::\n";
    find_reporter_kind("github")->make(options)->write(result, terminal);
    if (const char* summary = std::getenv("GITHUB_STEP_SUMMARY"); summary && *summary) {
      std::ofstream out(summary, std::ios::app);
      find_reporter_kind("markdown")->make(options)->write(result, out);
      if (!out) std::cerr << fmt::format("labs: cannot append the job summary to {}\n", summary);
    }
  }
  terminal.flush();
  if (!written) return kExitEnvironment;
  return result.exit_code();
}

/// What a run needs before it looks at a repository: the labs, loaded once
/// (also once for every repository a grading worker verifies).
struct PreparedRun {
  GlobalOptions globals;
  std::optional<LoadedCatalog> catalog;
  std::vector<Selection> selections;
};

/// Loads the labs and resolves the selectors; an exit code when it cannot.
int prepare_run(PreparedRun& run, const std::vector<std::string>& selectors) {
  run.catalog = load_catalog(run.globals, &selectors);
  if (!run.catalog) return kExitUsage;
  auto selections = select_valid_labs(*run.catalog, selectors, run.globals);
  if (!selections) return kExitUsage;
  run.selections = std::move(*selections);
  return kExitPassed;
}

int verify_repository(const VerifyOptions& options, const PreparedRun& run, const std::vector<ReportRequest>& reports,
                      const std::string& repo_path, bool discover, std::ostream& terminal) {
  auto opened = Repo::open(repo_path, discover);
  if (!opened.repo) {
    std::cerr << "labs: " << opened.problem << '\n';
    return kExitEnvironment;
  }
  RunSettings settings{opened.repo->root(), std::chrono::milliseconds(static_cast<long>(options.timeout_seconds * 1000))};
  if (!options.mlflow_uri.empty()) {
    const std::string path = mlflow::path_of_tracking_uri(options.mlflow_uri);
    if (path.empty()) {
      std::cerr << fmt::format("labs: --mlflow-uri {}: a tracking server cannot be read; name its store (a path, "
                               "file:PATH or sqlite:///PATH)\n", options.mlflow_uri);
      return kExitUsage;
    }
    settings.mlflow_store = std::filesystem::absolute(path);
  }
  auto plan = plan_run(run.selections);
  if (options.no_probes) {
    if (const std::size_t dropped = drop_probes(plan)) {
      std::cerr << fmt::format("labs: --no-probes: {} item(s) that run your code were left out\n", dropped);
    }
  }
  // The work tree is fingerprinted once, before any probe can change it.
  std::optional<WorkTreeFingerprint> fingerprint;
  std::optional<ResultCache> cache;
  if (!options.no_cache && runs_learner_code(plan)) {
    fingerprint = fingerprint_work_tree(*opened.repo);
    if (fingerprint->error.empty()) cache.emplace(cache_folder(*opened.repo), *fingerprint);
  }
  std::optional<LiveProgress> progress;
  if (LiveProgress::wanted(stderr)) progress.emplace(stderr);
  const std::string started_at = utc_timestamp();
  const CheckContext context{*opened.repo, settings};
  RunResult result = execute_plan(plan, context, ExecuteOptions{options.jobs, progress ? &*progress : nullptr,
                                                                cache ? &*cache : nullptr, detect_ci() != CiKind::none});
  progress.reset();
  end_leftover_processes();
  end_if_interrupted();
  result.repo = summarize(*opened.repo);
  result.info = {LABS_VERSION, run.globals.labs_dir.empty() ? "builtin" : run.globals.labs_dir,
                 bundle_hash(run.catalog->sources), started_at};
  result.gate = options.gate;
  if (detect_ci() == CiKind::none) {  // a CI checkout is thrown away: nothing to keep
    if (const std::string problem = record_progress(opened.repo->root(), result); !problem.empty()) {
      std::cerr << "labs: progress not saved: " << problem << '\n';
    }
  }
  return write_reports(result, reports, ReportOptions{use_color(run.globals), options.verbose}, terminal);
}

/// `labs verify --worker`, for labs grade: each line of stdin names a work
/// folder W; W/repo is verified (W/repo/.labs.yaml must be valid, as in a
/// plain run), the reports go to W/report.json and W/feedback.md, messages
/// to W/errors.txt, and the exit code is the answer line. The labs are loaded
/// once, which is most of a static run's cost.
int serve_as_worker(const VerifyOptions& options, const PreparedRun& run) {
  const int discard = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  std::ostream no_terminal(nullptr);
  // Held for the whole loop: libgit2's first init reads every CA certificate,
  // which would otherwise happen again for each repository.
  git_libgit2_init();
  for (std::string line; std::getline(std::cin, line);) {
    const std::filesystem::path work(line), repo = work / "repo";
    const std::vector<ReportRequest> reports{{find_reporter_kind("json"), (work / "report.json").string()},
                                             {find_reporter_kind("markdown"), (work / "feedback.md").string()}};
    if (const int errors = ::open((work / "errors.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600); errors >= 0) {
      ::dup2(errors, STDERR_FILENO);
      ::close(errors);
    }
    const int code = read_learner_defaults(repo) ? verify_repository(options, run, reports, repo.string(), false, no_terminal)
                                                 : kExitUsage;
    if (discard >= 0) ::dup2(discard, STDERR_FILENO);
    std::cout << code << std::endl;
  }
  git_libgit2_shutdown();
  return kExitPassed;
}

int run_verify(const VerifyOptions& options, const GlobalOptions& command_line) {
  const auto reports = parse_reports(options.reports);
  if (!reports) return kExitUsage;
  PreparedRun run{command_line, {}, {}};
  if (options.worker) return prepare_run(run, options.selectors) == kExitPassed ? serve_as_worker(options, run) : kExitUsage;
  const bool explicit_repo = !options.repo.empty();
  const auto defaults = read_learner_defaults(explicit_repo ? std::filesystem::path(options.repo) : std::filesystem::current_path());
  if (!defaults) return kExitUsage;
  if (run.globals.default_track.empty()) run.globals.default_track = defaults->track;
  const std::vector<std::string>& selectors = options.selectors.empty() ? defaults->verify : options.selectors;
  if (selectors.empty()) {
    std::cerr << "labs: name the labs to verify, e.g. labs verify week1 (or set verify: [week1] in .labs.yaml)\n";
    return kExitUsage;
  }
  if (const int code = prepare_run(run, selectors); code != kExitPassed) return code;
  return verify_repository(options, run, *reports, explicit_repo ? options.repo : std::filesystem::current_path().string(),
                           !explicit_repo, std::cout);
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
  command->add_option("selectors", options->selectors, "Which labs or items to check (default: verify: in .labs.yaml)");
  command->add_option("--repo", options->repo, "The repository to check (default: the one around this folder)");
  command->add_option("--mlflow-uri", options->mlflow_uri,
                      "The MLflow store the mlflow checks read: a path, file:PATH or sqlite:///PATH "
                      "(default: MLFLOW_TRACKING_URI in .env, else mlflow.db or mlruns/)");
  command->add_option("--timeout", options->timeout_seconds, "Default time limit of a probe step (command, pytest), in seconds")
      ->check(CLI::Range(0.1, 86400.0));
  command->add_option("-j,--jobs", options->jobs, "Probes run at once (default: the number of cores)")
      ->check(CLI::Range(1u, 256u));
  command->add_flag("--no-cache", options->no_cache, "Run every probe, even when its inputs did not change");
  command->add_flag("--no-probes", options->no_probes,
                    "Check only what can be read from the repository: leave out the items that run learner code");
  command->add_flag("--worker", options->worker)->group("");  // labs grade's, not a user's
  command->add_flag("-v,--verbose", options->verbose, "Show the evidence of passing steps too");
  command->add_option("--report", options->reports,
                      "FORMAT or FORMAT:FILE, repeatable: text, json, junit, tap, markdown, github, gradescope "
                      "(default: text on the terminal)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_option("--min-score", options->gate.min_score, "Gate: pass with at least this many points, "
                      "even if some items are not done")->check(CLI::NonNegativeNumber);
  command->add_option("--min-percent", options->gate.min_percent, "Gate: pass with at least this share of the points")
      ->check(CLI::Range(0.0, 100.0));
  command->add_option("--require", options->gate.require, "Gate: an item that must be done whatever the score (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_flag("--strict", options->gate.strict, "Gate: a skipped item (e.g. no container engine) counts as failed");
  command->callback([options, &globals, &exit_code] { exit_code = run_verify(*options, globals); });
}

}  // namespace labkit
