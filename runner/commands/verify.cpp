// `labs verify SELECTOR...`: the learner's and the CI gate's command.
#include "commands/commands.hpp"
#include "commands/learner_defaults.hpp"
#include "commands/number_option.hpp"

#include <labs/base/atomic_file.hpp>
#include <labs/base/ci.hpp>
#include <labs/base/diagnostics.hpp>
#include <labs/base/exit_codes.hpp>
#include <labs/base/utf8.hpp>
#include <labs/engine/executor.hpp>
#include <labs/engine/live_progress.hpp>
#include <labs/engine/progress_state.hpp>
#include <labs/engine/result_cache.hpp>
#include <labs/formats/mlflow_store.hpp>
#include <labs/grade/worker_protocol.hpp>
#include <labs/process/process.hpp>
#include <labs/process/sandbox.hpp>
#include <labs/repo/repo.hpp>
#include <labs/report/report_requests.hpp>

#include <fmt/format.h>
#include <git2.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
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
  bool no_sandbox = false;
  bool require_sandbox = false;
  unsigned memory_limit_mb = 2048;
};

/// The run-wide containment of probes; a message and an exit code when the
/// sandbox is required and cannot be made here.
std::optional<int> configure_sandbox(const VerifyOptions& options) {
  set_sandbox_mode(options.no_sandbox        ? SandboxMode::off
                   : options.require_sandbox ? SandboxMode::required
                                             : SandboxMode::automatic);
  ProbeLimits limits;
  limits.memory_bytes = std::uint64_t{options.memory_limit_mb} << 20;
  set_default_limits(limits);
  if (const std::string refusal = sandbox_refusal(); !refusal.empty()) {
    std::cerr << "labs: " << refusal << "; nothing was run\n";
    return kExitEnvironment;
  }
  return std::nullopt;
}

/// On a pull request, GitHub's actions/checkout (and GitLab's merged-results
/// pipelines) check out a merge commit the CI made of the learner's branch
/// and the target: it would add a merge and a commit the learner never made.
/// The pull request's head, its second parent, is judged instead; the
/// returned notice says so ("" when this is no such run).
std::string judge_pull_request_head(Repo& repo) {
  const char* github_event = std::getenv("GITHUB_EVENT_NAME");
  const char* gitlab_event = std::getenv("CI_MERGE_REQUEST_EVENT_TYPE");
  const bool github_pull =
      detect_ci() == CiKind::github && github_event &&
      (std::string_view(github_event) == "pull_request" || std::string_view(github_event) == "pull_request_target");
  const bool gitlab_merged =
      detect_ci() == CiKind::gitlab && gitlab_event && std::string_view(gitlab_event) == "merged_result";
  if (!github_pull && !gitlab_merged) return "";
  const auto head = repo.head_commit();
  if (!head || git_commit_parentcount(head.get()) != 2) return "";
  const git_oid merge = *git_commit_id(head.get());
  const git_oid pull_head = *git_commit_parent_id(head.get(), 1);
  repo.judge_commit(pull_head);
  return fmt::format(
      "a {} run: judged the head of your branch, {}, not the merge commit {} the CI made of it and "
      "the target branch (the files are those of that merge)",
      github_pull ? "pull-request" : "merged-results", hex_id(pull_head).substr(0, 12), hex_id(merge).substr(0, 12));
}

std::string host_name() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return "";
  return valid_utf8(name.data());
}

RepoSummary summarize(const Repo& repo) {
  RepoSummary summary{valid_utf8(repo.root().string()), repo.head_id(), valid_utf8(repo.branch()), {}};
  if (const std::string damage = repo.damaged_head(); !damage.empty()) {
    summary.notices.push_back(valid_utf8("HEAD's commit cannot be read, the repository is damaged (" + damage +
                                         "); git fsck shows what is broken"));
  } else if (summary.head_commit.empty()) {
    summary.notices.push_back(
        "the repository has no commit yet: checks of history and committed files fail until "
        "you commit (git add . && git commit -m \"First commit\")");
  }
  if (repo.is_shallow()) {
    summary.notices.push_back(
        "this is a shallow clone, so the history is cut: history checks need all of it "
        "(git fetch --unshallow; GitHub Actions: actions/checkout with fetch-depth: 0)");
  }
  return summary;
}

/// What a run needs before it looks at a repository: the labs, loaded once
/// (also once for every repository a grading worker verifies).
struct PreparedRun {
  GlobalOptions globals;
  std::optional<LoadedCatalog> catalog;
  std::vector<Selection> selections;
  bool reached_repository = false;  ///< verify ran; its reports say the rest
};

/// Loads the labs and resolves the selectors; an exit code when it cannot.
int prepare_run(PreparedRun& run, const std::vector<std::string>& selector_texts) {
  run.catalog = load_catalog(run.globals, CatalogDepth::headers);
  if (!run.catalog) return kExitUsage;
  const auto selectors = parse_selectors(*run.catalog, selector_texts);
  if (!selectors) return kExitUsage;
  load_selected_labs(*run.catalog, *selectors, run.globals);
  auto selections = select_valid_labs(*run.catalog, *selectors, run.globals);
  if (!selections) return kExitUsage;
  run.selections = std::move(*selections);
  return kExitPassed;
}

int verify_repository(const VerifyOptions& options, const PreparedRun& run, const std::vector<ReportRequest>& reports,
                      Repo& repo, const LearnerDefaults& defaults, std::ostream& terminal) {
  RunSettings settings{repo.root(), std::chrono::milliseconds(static_cast<long>(options.timeout_seconds * 1000))};
  settings.training_command = defaults.train;
  if (!options.mlflow_uri.empty())
    settings.mlflow_store = std::filesystem::absolute(mlflow::path_of_tracking_uri(options.mlflow_uri));
  const std::string pull_request = judge_pull_request_head(repo);
  auto plan = plan_run(run.selections);
  if (options.no_probes) {
    if (const std::size_t dropped = drop_probes(plan)) {
      std::cerr << fmt::format("labs: --no-probes: {} item(s) that run your code were left out\n", dropped);
    }
  }
  // The work tree is fingerprinted once, before any probe can change it. In
  // CI (grading, gates) every probe runs: a verdict there never rests on
  // state from an earlier run.
  std::optional<WorkTreeFingerprint> fingerprint;
  std::optional<ResultCache> cache;
  if (detect_ci() == CiKind::none && runs_learner_code(plan)) {
    fingerprint = fingerprint_work_tree(repo);
    std::string problem;
    if (fingerprint->error.empty()) cache = open_result_cache(cache_root(), repo.root(), *fingerprint, problem);
    if (!problem.empty()) std::cerr << "labs: result cache off: " << problem << '\n';
    if (cache && options.no_cache) cache->write_only();
  }
  std::optional<LiveProgress> progress;
  if (LiveProgress::wanted(stderr)) progress.emplace(stderr);
  const std::string started_at = utc_timestamp();
  const CheckContext context{repo, settings};
  RunResult result = execute_plan(plan, context,
                                  ExecuteOptions{options.jobs, progress ? &*progress : nullptr,
                                                 cache ? &*cache : nullptr, detect_ci() != CiKind::none});
  progress.reset();
  end_leftover_processes();
  end_if_interrupted();
  result.repo = summarize(repo);
  if (!pull_request.empty()) result.repo.notices.push_back(pull_request);
  result.info = {LABS_VERSION, run.globals.labs_dir.empty() ? "builtin" : run.globals.labs_dir,
                 bundle_hash(run.catalog->sources), started_at, host_name()};
  result.gate = options.gate;
  if (detect_ci() == CiKind::none) {  // a CI checkout is thrown away: nothing to keep
    if (const std::string problem = record_progress(repo.root(), result); !problem.empty()) {
      std::cerr << "labs: progress not saved: " << problem << '\n';
    }
  }
  return write_reports(result, reports, ReportOptions{use_color(run.globals), options.verbose}, terminal);
}

/// Opens one scratch checkout (never a folder above it) and verifies it; its
/// .labs.yaml must be valid, as in a plain run.
int verify_work_folder(const VerifyOptions& options, const PreparedRun& run, const std::vector<ReportRequest>& reports,
                       const std::filesystem::path& checkout, std::ostream& terminal) {
  auto opened = Repo::open(checkout, false);
  if (!opened.repo) {
    std::cerr << "labs: " << opened.problem << '\n';
    return kExitEnvironment;
  }
  const auto defaults = read_learner_defaults(opened.repo->root());
  if (!defaults) return kExitUsage;
  return verify_repository(options, run, reports, *opened.repo, *defaults, terminal);
}

/// `labs verify --worker`, for labs grade: each line of stdin names a work
/// folder (grade/worker_protocol.hpp); its repository is verified (its
/// .labs.yaml must be valid, as in a plain run), the reports and messages go
/// to the folder's files, and the exit code is the answer line. The labs are
/// loaded once, which is most of a static run's cost.
int serve_as_worker(const VerifyOptions& options, const PreparedRun& run) {
  const int discard = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  std::ostream no_terminal(nullptr);
  // Held for the whole loop: libgit2's first init reads every CA certificate,
  // which would otherwise happen again for each repository.
  git_libgit2_init();
  for (std::string line; std::getline(std::cin, line);) {
    const grade::WorkFolder work{line};
    const std::vector<ReportRequest> reports{{find_reporter_kind("json"), work.report().string()},
                                             {find_reporter_kind("markdown"), work.feedback().string()}};
    if (const int errors = ::open(work.errors().c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600); errors >= 0) {
      ::dup2(errors, STDERR_FILENO);
      ::close(errors);
    }
    const int code = verify_work_folder(options, run, reports, work.repo(), no_terminal);
    if (discard >= 0) ::dup2(discard, STDERR_FILENO);
    std::cout << grade::worker_answer(code) << std::endl;
  }
  git_libgit2_shutdown();
  return kExitPassed;
}

/// `--require` names an item of the selected labs as ITEM, LAB/ITEM or
/// SELECTOR/ITEM (`week1/ml-gitignore`); each becomes LAB/ITEM. A name that
/// is no such item, names two, or names one a CI gate never sees pass is
/// bad usage, said before anything runs.
std::string resolve_requirements(std::vector<std::string>& require, const std::vector<Selection>& selections,
                                 const std::vector<std::string>& selector_texts) {
  for (auto& wanted : require) {
    const auto slash = wanted.rfind('/');
    const std::string prefix = slash == std::string::npos ? "" : wanted.substr(0, slash);
    const std::string item_id = slash == std::string::npos ? wanted : wanted.substr(slash + 1);
    std::vector<std::pair<const Lab*, const Item*>> found;
    for (const auto& selection : selections) {
      const Lab& lab = selection.lab->lab;
      const bool prefix_fits = prefix.empty() || prefix == lab.id ||
                               std::find(selector_texts.begin(), selector_texts.end(), prefix) != selector_texts.end();
      const auto& chosen = selection.item_ids;
      for (const auto& item : lab.items) {
        if (prefix_fits && item.id == item_id &&
            (chosen.empty() || std::find(chosen.begin(), chosen.end(), item.id) != chosen.end()))
          found.emplace_back(&lab, &item);
      }
    }
    if (found.empty())
      return fmt::format("--require {}: no item {} among the selected labs (labs list shows their items)", wanted,
                         item_id);
    if (found.size() > 1)
      return fmt::format("--require {}: {}/{} and {}/{} both match; name the lab, e.g. --require {}/{}", wanted,
                         found[0].first->id, item_id, found[1].first->id, item_id, found[0].first->id, item_id);
    const Item& item = *found.front().second;
    const bool never_in_ci = item.local_only || (item.manual && !item.manual->counts_in_ci);
    if (detect_ci() != CiKind::none && never_in_ci)
      return fmt::format("--require {}: this item cannot be checked in CI ({}), so the gate could never pass", wanted,
                         item.local_only ? "only the learner's machine can prove it" : "it is ticked by hand");
    wanted = found.front().first->id + "/" + item.id;
  }
  return "";
}

/// Keeps a copy of what labs says on stderr while it still goes there, so
/// that a refusal can also reach a report the learner reads instead.
class StderrCopy final : public std::streambuf {
 public:
  StderrCopy() : m_original(std::cerr.rdbuf(this)) {}
  ~StderrCopy() override { std::cerr.rdbuf(m_original); }
  StderrCopy(const StderrCopy&) = delete;
  StderrCopy& operator=(const StderrCopy&) = delete;
  const std::string& text() const { return m_text; }

 private:
  static constexpr std::size_t kMaxKept = 64 << 10;
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    const char byte = traits_type::to_char_type(c);
    return xsputn(&byte, 1) == 1 ? c : traits_type::eof();
  }
  std::streamsize xsputn(const char* text, std::streamsize size) override {
    if (m_text.size() < kMaxKept) m_text.append(text, std::min<std::size_t>(size, kMaxKept - m_text.size()));
    return m_original->sputn(text, size);
  }
  int sync() override { return m_original->pubsync(); }

  std::streambuf* m_original;
  std::string m_text;
};

/// Everything verify checks before it runs anything: the options, the
/// sandbox, the labs and selectors, the repository. An exit code (2 or 3)
/// when it cannot go on, with the reason on stderr.
int verify_checked(VerifyOptions& options, const std::vector<ReportRequest>& reports, PreparedRun& run) {
  if (!options.mlflow_uri.empty() && mlflow::path_of_tracking_uri(options.mlflow_uri).empty()) {
    std::cerr << fmt::format(
        "labs: --mlflow-uri {}: a tracking server cannot be read; name its store (a path, "
        "file:PATH or sqlite:///PATH)\n",
        options.mlflow_uri);
    return kExitUsage;
  }
  if (const auto refused = configure_sandbox(options)) return *refused;
  if (options.worker) {
    if (prepare_run(run, options.selectors) != kExitPassed) return kExitUsage;
    if (const std::string problem = resolve_requirements(options.gate.require, run.selections, options.selectors);
        !problem.empty()) {
      std::cerr << "labs: " << problem << '\n';
      return kExitUsage;
    }
    return serve_as_worker(options, run);
  }
  // The repository is found once, by libgit2, and .labs.yaml read at its
  // root. Bad usage is still reported before a missing repository, so the
  // selectors are checked even when there is none.
  const bool explicit_repo = !options.repo.empty();
  auto opened =
      Repo::open(explicit_repo ? std::filesystem::path(options.repo) : std::filesystem::current_path(), !explicit_repo);
  const auto defaults = opened.repo ? read_learner_defaults(opened.repo->root()) : LearnerDefaults{};
  if (!defaults) return kExitUsage;
  if (run.globals.default_track.empty()) run.globals.default_track = defaults->track;
  const std::vector<std::string>& selectors = options.selectors.empty() ? defaults->verify : options.selectors;
  if (selectors.empty()) {
    std::cerr << "labs: name the labs to verify, e.g. labs verify week1 (or set verify: [week1] in .labs.yaml)\n";
    return kExitUsage;
  }
  if (const int code = prepare_run(run, selectors); code != kExitPassed) return code;
  if (const std::string problem = resolve_requirements(options.gate.require, run.selections, selectors);
      !problem.empty()) {
    std::cerr << "labs: " << problem << '\n';
    return kExitUsage;
  }
  if (!opened.repo) {
    std::cerr << "labs: " << opened.problem << '\n';
    return kExitEnvironment;
  }
  run.reached_repository = true;
  return verify_repository(options, run, reports, *opened.repo, *defaults, std::cout);
}

int run_verify(const VerifyOptions& given, const GlobalOptions& command_line) {
  VerifyOptions options = given;
  std::string report_problem;
  const auto reports = parse_report_requests(options.reports, report_problem);
  if (!reports) {
    std::cerr << "labs: " << report_problem << '\n';
    return kExitUsage;
  }
  const StderrCopy said;
  PreparedRun run{command_line, {}, {}, false};
  const int code = verify_checked(options, *reports, run);
  if (!run.reached_repository && (code == kExitUsage || code == kExitEnvironment))
    write_refusal_reports(*reports, said.text(), std::cout);
  return code;
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
  command
      ->add_option("--timeout", options->timeout_seconds,
                   "Default time limit of a probe step (command, pytest), in seconds")
      ->check(finite_range(0.1, 86400));
  command->add_option("-j,--jobs", options->jobs, "Probes run at once (default: the number of cores)")
      ->check(CLI::Range(1u, 256u));
  command->add_flag("--no-cache", options->no_cache,
                    "Run every probe, even when its inputs did not change, and keep the fresh results");
  command->add_flag("--no-probes", options->no_probes,
                    "Check only what can be read from the repository: leave out the items that run learner code");
  command->add_flag("--worker", options->worker)->group("");  // labs grade's, not a user's
  command->add_flag("--require-sandbox", options->require_sandbox,
                    "Refuse to run probes where bubblewrap cannot sandbox them (exit 3)");
  command
      ->add_flag("--no-sandbox", options->no_sandbox,
                 "Run probes without the bubblewrap sandbox (they can read what you can; see docs/security.md)")
      ->excludes("--require-sandbox");
  command
      ->add_option("--memory-limit", options->memory_limit_mb,
                   "Address space each process of a probe may use, in MiB (default: 2048)")
      ->check(CLI::Range(static_cast<unsigned>(kLeastMemoryMib), static_cast<unsigned>(kMostMemoryMib)));
  command->add_flag("-v,--verbose", options->verbose, "Show the evidence of passing steps too");
  command->add_option("--report", options->reports, report_option_help())
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command
      ->add_option("--min-score", options->gate.min_score,
                   "Gate: pass with at least this many points, "
                   "even if some items are not done")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--min-percent", options->gate.min_percent, "Gate: pass with at least this share of the points")
      ->check(finite_range(0, 100));
  command
      ->add_option("--require", options->gate.require,
                   "Gate: an item that must be done whatever the score: ITEM, LAB/ITEM or "
                   "WEEK/ITEM (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  command->add_flag("--strict", options->gate.strict,
                    "Gate: a skipped item (e.g. no container engine) counts as failed");
  command->callback([options, &globals, &exit_code] { exit_code = run_verify(*options, globals); });
}

}  // namespace labkit
