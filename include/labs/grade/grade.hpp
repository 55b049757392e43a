#pragma once
// `labs grade`: a class roster graded against a lab selection. Each learner's
// repository is fetched into a cache, the graded commit is checked out into
// a scratch folder, and a child `labs verify` (with resource limits) judges
// it; a row per learner is kept, so a re-run resumes, and shards merge.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace labkit::grade {

struct RosterEntry {
  std::string student;
  std::string repo;  ///< a git URL, or a local path (made absolute against the roster's folder)
  std::string ref;   ///< a branch, tag or commit; "" = the repository's default branch
  int line = 0;
};

/// Reads a CSV roster with a header row naming `student` and `repo`, and
/// optionally `branch` (or `ref`). Problems go to `errors` as "FILE:LINE: why".
std::vector<RosterEntry> read_roster(const std::filesystem::path& file, std::vector<std::string>& errors);

/// A file name for a student that stays inside the output folder.
std::string file_key(const std::string& student);

/// The roster entries of shard `index` (1-based) of `count`: every count-th
/// entry, so shards are deterministic and balanced.
std::vector<RosterEntry> shard_of(const std::vector<RosterEntry>& roster, int index, int count);

/// What the cache and the commit selection found for one entry.
struct Checkout {
  std::string status = "ok";                   ///< ok, clone-failed, no-commit-before-deadline, refused, error
  std::string note;                            ///< the detail of a status other than ok
  std::string commit;                          ///< hex id of the commit to grade
  std::string ref_name;                        ///< refs/heads/… or refs/tags/…; "" for a bare revision
  long long author_time = 0, commit_time = 0;  ///< seconds since the epoch
  std::vector<std::string> flags;              ///< dated in the future, dates out of order
  std::filesystem::path mirror;                ///< the cached bare mirror
};

/// What one learner's run may use; `labs grade`'s flags fill it directly.
struct Limits {
  double repo_timeout_seconds = 900;     ///< the whole run of one repository
  long cpu_seconds = 900;                ///< RLIMIT_CPU of each learner's run
  long long max_file_bytes = 1LL << 30;  ///< RLIMIT_FSIZE
  long max_processes = 4096;             ///< RLIMIT_NPROC (per user; not enforced for root)
  // What a repository may hold, read from object headers before it is
  // fetched or checked out: a git bomb or one huge blob is refused, not graded.
  long long max_repo_files = 100'000;      ///< files and folders in the graded commit
  long long max_repo_bytes = 1LL << 30;    ///< the total size of the graded commit's files
  long long max_blob_bytes = 100LL << 20;  ///< any one object (a file's content, a folder listing) of any ref
};

/// Fetches `entry.repo` into a bare mirror under `cache_dir` (a re-run
/// fetches only what changed) and picks the commit to grade: the ref's tip,
/// or its last commit (by committer date) at or before `deadline`. A local
/// folder whose git data leads outside it, or a repository over the size
/// `limits`, is refused (status refused) before it is fetched or checked out.
Checkout select_commit(const RosterEntry& entry, const std::filesystem::path& cache_dir,
                       std::optional<long long> deadline, const Limits& limits);

/// Makes `scratch` a fresh repository holding only this learner's branches,
/// each cut at the deadline, with the graded commit checked out and origin
/// set to the roster's URL; "" on success, else why not.
[[nodiscard]] std::string make_scratch(const RosterEntry& entry, const Checkout& checkout,
                                       std::optional<long long> deadline, const std::filesystem::path& scratch);

/// "2026-11-20T23:59:00Z", "2026-11-20 23:59", "2026-11-20T23:59:00+03:00" → seconds since the epoch.
std::optional<long long> parse_time(const std::string& text);
std::string format_time(long long seconds);

/// One graded learner: what the gradebook, the feedback and a resumed run need.
struct Row {
  std::string student, repo, ref;
  int line = 0;  ///< in the roster: rows are listed in roster order
  std::string status = "ok";
  std::string note;
  std::string commit;
  long long author_time = 0, commit_time = 0;
  std::vector<std::string> flags;
  double score = 0, max_score = 0;
  std::vector<std::pair<std::string, std::string>> items;  ///< "lab/item" → pass, fail, error, skip
  std::map<std::string, std::string> evidence;  ///< "lab/item" → why it did not pass, one line (report.html shows it)
  std::string key;                              ///< what the grade depends on: commit, selection, labs bundle, deadline
};

std::string row_to_json(const Row& row);
std::optional<Row> row_from_json(const std::string& text);

/// Rows from a `labs verify` JSON report (schema labs-report/1).
[[nodiscard]] bool fill_from_report(Row& row, const std::string& report_json, std::string& error);

/// The item columns of a gradebook: every "lab/item" in first-seen order.
std::vector<std::string> item_columns(const std::vector<Row>& rows);

/// grades.csv: student, repo, commit, dates, status, score, max, percent,
/// flags, then one column per item (in first-seen order).
std::string gradebook_csv(const std::vector<Row>& rows);

/// report.html: one self-contained page — students × items heatmap, the pass
/// rate of each item (hardest first), the score distribution.
std::string gradebook_html(const std::vector<Row>& rows, const std::string& title);

/// How a batch is graded.
struct BatchOptions {
  std::filesystem::path out;                  ///< rows/, feedback/, grades.csv, report.html
  std::filesystem::path cache;                ///< the bare mirrors
  std::vector<std::string> verify_arguments;  ///< for the child: [--labs DIR] --track T verify SELECTORS…
  std::filesystem::path labs_dir;             ///< the --labs folder, if any
  std::string selection_key;  ///< selectors, bundle hash and deadline: a row graded under another key is redone
  std::optional<long long> deadline;
  unsigned jobs = 1;
  Limits limits;
  bool sandbox = false;        ///< require every probe's bubblewrap sandbox (refuse where it cannot be made)
  bool progress = false;       ///< a live line on stderr
  bool reuse_workers = false;  ///< the plan runs no learner code: one labs process per thread, not per learner
};

struct BatchSummary {
  std::size_t graded = 0, reused = 0, not_gradable = 0;
};

/// Grades every entry (in parallel, `jobs` at a time) into `out/rows/` and
/// `out/feedback/`; a row already graded under the same key is reused.
BatchSummary grade_batch(const std::vector<RosterEntry>& roster, const BatchOptions& options);

/// Rows for `roster` read back from `out/rows/` (missing ones left out), in roster order.
std::vector<Row> read_rows(const std::filesystem::path& out);

/// What a grading run was: labs version, track, selectors, labs bundle,
/// deadline and options, by name; kept as OUT/grading.json so that `grade
/// merge` joins only shards of one grading.
using GradingRecord = std::map<std::string, std::string>;
[[nodiscard]] bool write_grading_record(const std::filesystem::path& out, const GradingRecord& record);
/// The record of a grading folder; nullopt when it has none (or not one labs can read).
std::optional<GradingRecord> read_grading_record(const std::filesystem::path& out);

/// Writes grades.csv and report.html for `rows` into `out`; false and a
/// message on stderr when a file cannot be written.
[[nodiscard]] bool write_gradebook(const std::vector<Row>& rows, const std::filesystem::path& out,
                                   const std::string& title);

}  // namespace labkit::grade
