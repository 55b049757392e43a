// `labs grade ROSTER SELECTOR... --out DIR` and `labs grade merge DIR...`:
// the instructor's commands.
#include "commands/commands.hpp"
#include "commands/number_option.hpp"

#include <labs/base/exit_codes.hpp>
#include <labs/engine/executor.hpp>
#include <labs/grade/grade.hpp>
#include <labs/process/process.hpp>
#include <labs/process/sandbox.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <iostream>
#include <set>
#include <thread>

namespace labkit {

namespace {

namespace fs = std::filesystem;

struct GradeOptions {
  std::string roster;
  std::vector<std::string> selectors;
  std::string out, cache, deadline, shard;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  grade::Limits limits;
  bool sandbox = false;
  bool no_probes = false;
};

struct MergeOptions {
  std::vector<std::string> folders;
  std::string out;
};

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

/// `K/N` (1 ≤ K ≤ N), else a Kubernetes Indexed Job's JOB_COMPLETION_INDEX
/// (0-based) with the shard count in JOB_COMPLETIONS; {1, 1} = the whole roster.
std::optional<std::pair<int, int>> parse_shard(const std::string& text) {
  if (text.empty()) {
    const char* index = std::getenv("JOB_COMPLETION_INDEX");
    const char* count = std::getenv("JOB_COMPLETIONS");
    if (!index || !*index) return std::pair{1, 1};
    const auto k = parse_int(index);
    const auto n = count ? parse_int(count) : std::nullopt;
    if (!k || !n || *k < 0 || *k >= *n) {
      std::cerr << "labs grade: JOB_COMPLETION_INDEX is set, so JOB_COMPLETIONS must hold the job's completions "
                   "(set it in the Job's env); see docs/grading.md\n";
      return std::nullopt;
    }
    return std::pair{*k + 1, *n};
  }
  const auto slash = text.find('/');
  const auto k = parse_int(std::string_view(text).substr(0, slash));
  const auto n = parse_int(slash == std::string::npos ? std::string_view() : std::string_view(text).substr(slash + 1));
  if (!k || !n || *k < 1 || *k > *n) {
    std::cerr << fmt::format("labs grade: --shard {}: expected K/N with 1 ≤ K ≤ N, e.g. --shard 2/4\n", text);
    return std::nullopt;
  }
  return std::pair{*k, *n};
}

/// Leaves `deadline` empty when no --deadline is given; false, having said
/// why, when it is not a time.
bool read_deadline(const std::string& text, std::optional<long long>& deadline) {
  if (text.empty()) return true;
  deadline = grade::parse_time(text);
  if (deadline) return true;
  std::cerr << fmt::format(
      "labs grade: --deadline {}: not a time; use 2026-11-20T23:59:00Z, "
      "2026-11-20 23:59 (UTC) or 2026-11-20T23:59:00+03:00\n",
      text);
  return false;
}

grade::BatchOptions batch_options(const GradeOptions& options, const GlobalOptions& fixed, const LoadedCatalog& catalog,
                                  const std::vector<Selection>& selections, std::optional<long long> deadline) {
  grade::BatchOptions batch;
  batch.out = fs::absolute(options.out);
  batch.cache = options.cache.empty() ? batch.out / "cache" : fs::absolute(options.cache);
  if (!fixed.labs_dir.empty()) {
    batch.labs_dir = fs::absolute(fixed.labs_dir);
    batch.verify_arguments = {"--labs", batch.labs_dir.string()};
  }
  batch.verify_arguments.insert(batch.verify_arguments.end(), {"--track", fixed.default_track, "verify"});
  batch.verify_arguments.insert(batch.verify_arguments.end(), options.selectors.begin(), options.selectors.end());
  if (options.no_probes) batch.verify_arguments.push_back("--no-probes");
  batch.selection_key = fmt::format("{}|{}|{}|{}|{}{}", fixed.default_track, fmt::join(options.selectors, " "),
                                    bundle_hash(catalog.sources), deadline ? grade::format_time(*deadline) : "",
                                    options.sandbox ? "sandbox" : "", options.no_probes ? "|no-probes" : "");
  batch.deadline = deadline;
  batch.jobs = options.jobs;
  batch.limits = options.limits;
  batch.sandbox = options.sandbox;
  // With --sandbox each learner also gets a labs process of its own: nothing
  // one repository does to labs' reading of it can reach the next learner's.
  batch.reuse_workers = !options.sandbox && (options.no_probes || !runs_learner_code(plan_run(selections)));
  batch.progress = isatty(STDERR_FILENO) != 0;
  return batch;
}

/// OUT/rows/ may also hold rows of learners outside this slice (another
/// shard's run into the same folder, an earlier roster): they are not reported.
std::vector<grade::Row> rows_of(const std::vector<grade::RosterEntry>& slice, const fs::path& out) {
  std::set<std::string> students;
  for (const auto& entry : slice) students.insert(entry.student);
  std::vector<grade::Row> rows;
  for (auto& row : grade::read_rows(out)) {
    if (students.count(row.student)) rows.push_back(std::move(row));
  }
  return rows;
}

void print_summary(std::size_t learners, std::pair<int, int> shard, const grade::BatchSummary& summary,
                   const std::vector<grade::Row>& rows, const fs::path& out) {
  std::cout << fmt::format("{} learner(s){}: {} graded, {} reused from an earlier run, {} not gradable\n", learners,
                           shard.second > 1 ? fmt::format(" (shard {}/{})", shard.first, shard.second) : "",
                           summary.graded, summary.reused, summary.not_gradable);
  for (const auto& row : rows) {
    if (row.status != "ok") {
      std::cout << fmt::format("  {}: {}{}\n", row.student, row.status, row.note.empty() ? "" : " — " + row.note);
    }
  }
  std::cout << fmt::format("gradebook: {}, {}, feedback/\n", (out / "grades.csv").string(),
                           (out / "report.html").string());
}

int run_grade(const GradeOptions& options, const GlobalOptions& globals) {
  if (options.roster.empty() || options.selectors.empty() || options.out.empty()) {
    std::cerr << "labs grade: name a roster, the labs and an output folder: labs grade ROSTER SELECTOR... --out DIR "
                 "(labs grade --help)\n";
    return kExitUsage;
  }
  std::optional<long long> deadline;
  if (!read_deadline(options.deadline, deadline)) return kExitUsage;
  const auto shard = parse_shard(options.shard);
  if (!shard) return kExitUsage;
  std::vector<std::string> errors;
  const auto roster = grade::read_roster(options.roster, errors);
  for (const auto& error : errors) std::cerr << error << '\n';
  if (!errors.empty()) return kExitUsage;
  // The learner's .labs.yaml must not pick the track: it is fixed here.
  GlobalOptions fixed = globals;
  auto catalog = load_catalog(fixed);
  if (!catalog) return kExitUsage;
  fixed.default_track = default_track(fixed, catalog->bundle);
  const auto selections = select_valid_labs(*catalog, options.selectors, fixed);
  if (!selections) return kExitUsage;
  if (options.sandbox && !sandbox_support().available) {
    std::cerr << "labs grade: --sandbox: " << sandbox_support().reason << '\n';
    return kExitEnvironment;
  }
  const grade::BatchOptions batch = batch_options(options, fixed, *catalog, *selections, deadline);
  const auto slice = grade::shard_of(roster, shard->first, shard->second);
  std::error_code error;
  fs::create_directories(batch.out, error);
  if (error) {
    std::cerr << fmt::format("labs grade: cannot create {}: {}\n", batch.out.string(), error.message());
    return kExitEnvironment;
  }
  const auto summary = grade::grade_batch(slice, batch);
  end_if_interrupted();
  const std::vector<grade::Row> rows = rows_of(slice, batch.out);
  const std::string title = fmt::format("labs grade: {}{}", fmt::join(options.selectors, " "),
                                        deadline ? " (deadline " + grade::format_time(*deadline) + ")" : "");
  const grade::GradingRecord record{{"labs_version", LABS_VERSION},
                                    {"track", fixed.default_track},
                                    {"selectors", fmt::format("{}", fmt::join(options.selectors, " "))},
                                    {"bundle", bundle_hash(catalog->sources)},
                                    {"deadline", deadline ? grade::format_time(*deadline) : "none"},
                                    {"probes", options.no_probes ? "no" : "yes"},
                                    {"sandbox", options.sandbox ? "required" : "when available"},
                                    {"title", title}};
  if (!grade::write_grading_record(batch.out, record) || !grade::write_gradebook(rows, batch.out, title))
    return kExitEnvironment;
  print_summary(slice.size(), *shard, summary, rows, batch.out);
  for (const auto& row : rows) {
    if (row.status != "ok") return kExitFailed;
  }
  return kExitPassed;
}

/// Why `folder` cannot join the shards read so far ("" when it can): a
/// shard of another selection, labs bundle, labs version, deadline or
/// options would mix gradings in one gradebook.
std::string same_grading(const std::string& folder, const std::string& first,
                         std::optional<grade::GradingRecord>& common) {
  const auto record = grade::read_grading_record(folder);
  if (!record || !record->count("title"))
    return fmt::format("{} has no grading.json: it was graded by an older labs; grade it again to merge it", folder);
  if (!common) {
    common = record;
    return "";
  }
  std::vector<std::string> differences;
  for (const auto& [name, value] : *record) {
    const auto other = common->find(name);
    if (name != "title" && (other == common->end() || other->second != value))
      differences.push_back(fmt::format("{} is '{}' in {} but '{}' in {}", name, value, folder,
                                        other == common->end() ? std::string("(none)") : other->second, first));
  }
  if (differences.empty()) return "";
  return fmt::format("the folders are not shards of one grading: {}", fmt::join(differences, "; "));
}

int run_merge(const MergeOptions& options) {
  const fs::path out = fs::absolute(options.out);
  std::error_code error;
  fs::create_directories(out / "rows", error);
  fs::create_directories(out / "feedback", error);
  std::map<std::string, grade::Row> merged;
  std::optional<grade::GradingRecord> common;
  for (const auto& folder : options.folders) {
    if (!fs::is_directory(fs::path(folder) / "rows")) {
      std::cerr << fmt::format("labs grade merge: {} has no rows/ folder; is it the --out of a labs grade run?\n",
                               folder);
      return kExitUsage;
    }
    if (const std::string problem = same_grading(folder, options.folders.front(), common); !problem.empty()) {
      std::cerr << "labs grade merge: " << problem << '\n';
      return kExitUsage;
    }
    for (auto& row : grade::read_rows(folder)) {
      const std::string key = grade::file_key(row.student);
      if (merged.count(key)) {
        std::cerr << fmt::format("labs grade merge: {} is graded in more than one folder (overlapping shards?)\n",
                                 row.student);
        return kExitUsage;
      }
      for (const char* extension : {".md", ".json"}) {
        const fs::path feedback = fs::path(folder) / "feedback" / (key + extension);
        if (fs::exists(feedback))
          fs::copy_file(feedback, out / "feedback" / (key + extension), fs::copy_options::overwrite_existing, error);
      }
      fs::copy_file(fs::path(folder) / "rows" / (key + ".json"), out / "rows" / (key + ".json"),
                    fs::copy_options::overwrite_existing, error);
      merged.emplace(key, std::move(row));
    }
  }
  std::vector<grade::Row> rows;
  rows.reserve(merged.size());
  for (auto& [key, row] : merged) rows.push_back(std::move(row));
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return std::tie(a.line, a.student) < std::tie(b.line, b.student); });
  if (!grade::write_grading_record(out, *common) || !grade::write_gradebook(rows, out, common->at("title")))
    return kExitEnvironment;
  std::cout << fmt::format("{} learner(s) from {} folder(s): {}\n", rows.size(), options.folders.size(),
                           (out / "grades.csv").string());
  return kExitPassed;
}

}  // namespace

void define_grade(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto options = std::make_shared<GradeOptions>();
  CLI::App* command = app.add_subcommand("grade", "Grade a class: every repository of a roster, into a gradebook");
  command->footer(
      "\nThe roster is a CSV file with a header: student,repo[,branch]. repo is a git URL or a local path\n"
      "(relative to the roster); branch may also be a tag or a commit (default: the default branch).\n\n"
      "Examples:\n"
      "  labs grade roster.csv week1 --out grades/week1 --deadline '2026-11-20 23:59'\n"
      "  labs grade roster.csv week2 --out shard-1 --shard 1/4 --jobs 8 --sandbox\n"
      "  labs grade merge shard-1 shard-2 shard-3 shard-4 --out grades/week2\n\n"
      "Writes OUT/grades.csv, OUT/report.html and OUT/feedback/STUDENT.md|.json; OUT/rows/ lets a\n"
      "re-run skip what is already graded. Exit codes: 0 everyone graded, 1 some learners could not\n"
      "be graded (see grading_status), 2 bad usage, roster or labs, 3 the output cannot be written.");
  // Not ->required(): `labs grade merge …` has neither.
  command->add_option("roster", options->roster, "The class roster (CSV)")->check(CLI::ExistingFile);
  command->add_option("selectors", options->selectors, "The labs to grade, as for labs verify");
  command->add_option("--out", options->out, "Where the gradebook goes");
  command->add_option("--cache", options->cache, "Where the fetched repositories are kept (default: OUT/cache)");
  command->add_option("--deadline", options->deadline,
                      "Grade the last commit at or before this time (UTC unless +HH:MM)");
  command->add_option("-j,--jobs", options->jobs, "Repositories graded at once (default: the number of cores)")
      ->check(CLI::Range(1u, 256u));
  command->add_option("--shard", options->shard,
                      "Grade only slice K of N (1-based), e.g. 2/4; default from "
                      "JOB_COMPLETION_INDEX and JOB_COMPLETIONS in a Kubernetes Indexed Job");
  command
      ->add_option("--repo-timeout", options->limits.repo_timeout_seconds,
                   "Time limit for one repository's whole run, in seconds")
      ->check(finite_range(1, 86400));
  command->add_option("--cpu", options->limits.cpu_seconds, "CPU seconds a repository's run may use")
      ->check(CLI::Range(1L, 86400L));
  command->add_option("--max-file-size", options->limits.max_file_bytes, "Largest file a probe may write, in bytes")
      ->check(CLI::Range(1LL << 20, 1LL << 40));
  command
      ->add_option("--max-processes", options->limits.max_processes,
                   "Processes the grading user may have (RLIMIT_NPROC)")
      ->check(CLI::Range(16L, 1L << 20));
  command
      ->add_option("--max-repo-files", options->limits.max_repo_files,
                   "Files and folders the graded commit may hold; a larger repository is refused (default 100000)")
      ->check(CLI::Range(1LL, 1LL << 40));
  command
      ->add_option("--max-repo-size", options->limits.max_repo_bytes,
                   "Bytes the graded commit's files may hold in all (default 1 GiB)")
      ->check(CLI::Range(1LL, 1LL << 50));
  command
      ->add_option("--max-blob-size", options->limits.max_blob_bytes,
                   "Bytes of the largest object (a file's content) in any branch or tag (default 100 MiB)")
      ->check(CLI::Range(1LL, 1LL << 40));
  command->add_flag("--no-probes", options->no_probes,
                    "Grade only what can be read from the repositories, running no learner code (a quick first pass)");
  command->add_flag("--sandbox", options->sandbox,
                    "Require the bubblewrap sandbox for every probe (exit 3 where it cannot be made); "
                    "without it probes are still sandboxed wherever bubblewrap works");
  command->callback([options, &globals, &exit_code, command] {
    if (command->get_subcommands().empty()) exit_code = run_grade(*options, globals);
  });

  auto merge = std::make_shared<MergeOptions>();
  CLI::App* merge_command = command->add_subcommand("merge", "Join the outputs of several shards into one gradebook");
  merge_command->add_option("folders", merge->folders, "The --out folders of the shards")->required();
  merge_command->add_option("--out", merge->out, "Where the joined gradebook goes")->required();
  merge_command->callback([merge, &exit_code] { exit_code = run_merge(*merge); });
}

}  // namespace labkit
