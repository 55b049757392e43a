// Grading a roster: `jobs` workers each take the next learner, fetch and
// check out the graded commit, and run a child `labs verify` on the scratch
// copy under resource limits (and bubblewrap with --sandbox). Whatever goes
// wrong with one learner becomes that learner's row; the batch goes on.
#include <labs/base/atomic_file.hpp>
#include <labs/grade/grade.hpp>
#include <labs/grade/worker_protocol.hpp>
#include <labs/process/line_worker.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/process/sandbox.hpp>
#include <labs/repo/repo_files.hpp>

#include <fmt/format.h>
#include <git2.h>

#include <array>
#include <atomic>
#include <charconv>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

namespace labkit::grade {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxReport = 64 << 20;
// libgit2 1.5 leaks a little per repository opened (see checkout.cpp): a
// fresh worker now and then keeps memory flat whatever the roster's size.
constexpr std::size_t kLearnersPerWorker = 50;

std::string read_small(const fs::path& file) {
  std::string error;
  return read_text_file(file, kMaxReport, error).value_or("");
}

/// The child is a plain CI run — a fresh checkout, so local-only items (a
/// virtualenv) are skipped — with the probes' allow-list of the grader's
/// environment: no secret, and none of GitHub's or GitLab's variables or
/// files (GITHUB_ENV, GITHUB_OUTPUT), so no learner's run can write workflow
/// commands, a job summary or the grader's next steps.
std::vector<std::string> child_environment() {
  std::vector<std::string> environment{"CI=true"};
  for (auto& entry : child_labs_environment()) environment.push_back(std::move(entry));
  return environment;
}

/// What each child labs verify is told about containment: every probe runs
/// in its own bubblewrap sandbox, which shows it only its learner's scratch
/// checkout — not the roster, the output, the cache or other learners.
/// --sandbox makes that a requirement.
std::vector<std::string> containment_arguments(const BatchOptions& options) {
  if (options.sandbox) return {"--require-sandbox"};
  return {};
}

/// The shell command of one learner's run: limits, then labs verify.
std::string child_command(const BatchOptions& options, const WorkFolder& work) {
  // exec: labs itself leads the process group, so an interrupt reaches it
  // and the group is not ended while it removes its scratch copies.
  std::string command = fmt::format("exec prlimit --cpu={} --fsize={} --nproc={} -- ", options.limits.cpu_seconds,
                                    options.limits.max_file_bytes, options.limits.max_processes);
  command += shell_quote(labs_executable());
  for (const auto& argument : options.verify_arguments) command += " " + shell_quote(argument);
  for (const auto& argument : containment_arguments(options)) command += " " + argument;
  command += " --repo " + shell_quote(work.repo().string()) + " --no-cache --jobs 1";
  command += " --report " + shell_quote("json:" + work.report().string());
  command += " --report " + shell_quote("markdown:" + work.feedback().string());
  return command + " >/dev/null";
}

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && (trimmed.back() == '\n' || trimmed.back() == '\r')) trimmed.pop_back();
  const auto newline = trimmed.rfind('\n');
  return newline == std::string::npos ? trimmed : trimmed.substr(newline + 1);
}

std::string timeout_note(const BatchOptions& options) {
  return fmt::format("grading took longer than {:g} s and was stopped (a probe that hangs?)",
                     options.limits.repo_timeout_seconds);
}

/// Fills the row from what labs verify left in the work folder. Its message
/// names files relative to the learner's repository, not the scratch copy.
void fill_from_run(Row& row, int exit_code, const std::string& errors, const WorkFolder& work) {
  if (exit_code != 0 && exit_code != 1) {
    std::string message = last_line(errors);
    const std::string scratch = work.repo().string() + "/";
    for (std::size_t at; (at = message.find(scratch)) != std::string::npos;) message.erase(at, scratch.size());
    row.status = "error";
    row.note = fmt::format("labs verify exited with {}: {}", exit_code, message);
  } else if (std::string error; !fill_from_report(row, read_small(work.report()), error)) {
    row.status = "error";
    row.note = error;
  }
}

/// Runs a child labs verify on the scratch checkout.
void run_verify(Row& row, const BatchOptions& options, const WorkFolder& work) {
  ProcessRequest request{child_command(options, work), work.root,
                         std::chrono::milliseconds(static_cast<long long>(options.limits.repo_timeout_seconds * 1000)),
                         64 << 10, child_environment()};
  // labs itself, not learner code: it sandboxes each of its probes.
  request.containment.learner_code = false;
  const ProcessResult result = run_process(request);
  if (!result.launch_error.empty()) {
    row.status = "error";
    row.note = "could not start labs verify: " + result.launch_error;
  } else if (result.timed_out) {
    row.status = "error";
    row.note = timeout_note(options);
  } else if (result.signal) {
    row.status = "error";
    row.note = fmt::format("labs verify was ended by signal {} (a resource limit?)", result.signal);
  } else {
    fill_from_run(row, result.exit_code, result.err, work);
  }
}

/// A static plan runs no learner code, so one labs verify --worker per
/// grading thread serves every learner (see serve_as_worker); its limits
/// are the same but the CPU time's, which would add up over learners (the
/// time limit per learner still holds).
std::vector<std::string> worker_command(const BatchOptions& options) {
  std::vector<std::string> argv{"prlimit", fmt::format("--fsize={}", options.limits.max_file_bytes),
                                fmt::format("--nproc={}", options.limits.max_processes), "--", labs_executable()};
  argv.insert(argv.end(), options.verify_arguments.begin(), options.verify_arguments.end());
  const auto containment = containment_arguments(options);
  argv.insert(argv.end(), containment.begin(), containment.end());
  argv.insert(argv.end(), {"--no-cache", "--jobs", "1", "--worker"});
  return argv;
}

void run_verify_in_worker(Row& row, const BatchOptions& options, LineWorker& worker, const WorkFolder& work) {
  const auto answer =
      worker.ask(work.root.string(),
                 std::chrono::milliseconds(static_cast<long long>(options.limits.repo_timeout_seconds * 1000)));
  std::optional<int> exit_code;
  if (answer.timed_out) {
    row.status = "error";
    row.note = timeout_note(options);
  } else if (!answer.line) {
    row.status = "error";
    row.note = "labs verify failed: " + answer.problem;
  } else if (exit_code = parse_worker_answer(*answer.line); !exit_code) {
    row.status = "error";
    row.note = "labs verify answered " + *answer.line;
  } else {
    fill_from_run(row, *exit_code, read_small(work.errors()), work);
  }
}

/// A roster field as plain text in markdown: one line, no HTML, no markup.
std::string markdown_text(const std::string& text) {
  std::string plain;
  for (const char c : text) {
    if (c == '\n' || c == '\r')
      plain += ' ';
    else if (c == '<')
      plain += "&lt;";
    else if (c == '>')
      plain += "&gt;";
    else if (c == '&')
      plain += "&amp;";
    else if (std::string_view("\\`*_[]|#!").find(c) != std::string_view::npos)
      plain += std::string{'\\', c};
    else
      plain += c;
  }
  return plain;
}

/// Whose feedback this is and which commit it judged, for the learner who
/// opens the file alone.
std::string feedback_heading(const Row& row, std::optional<long long> deadline) {
  std::string when;
  if (deadline) {
    const std::time_t seconds = static_cast<std::time_t>(*deadline);
    std::tm utc{};
    std::array<char, 32> text{};
    if (::gmtime_r(&seconds, &utc) && std::strftime(text.data(), text.size(), "%Y-%m-%d %H:%M UTC", &utc) > 0)
      when = fmt::format(", your last commit before the deadline ({})", text.data());
  }
  return fmt::format("# Feedback for {}\n\nlabs checked commit `{}`{}.\n\n", markdown_text(row.student),
                     row.commit.substr(0, 12), when);
}

/// The learner's reports, kept beside the gradebook as KEY.md and KEY.json; a
/// copy that fails is said (the row itself is still written).
void keep_feedback(const fs::path& stem, const WorkFolder& work, const Row& row, std::optional<long long> deadline) {
  for (const auto& [from, extension] : {std::pair{work.feedback(), ".md"}, std::pair{work.report(), ".json"}}) {
    const fs::path to = fs::path(stem) += extension;
    const std::string text =
        std::string_view(extension) == ".md" ? feedback_heading(row, deadline) + read_small(from) : read_small(from);
    if (const std::string problem = replace_file_atomically(to, text); !problem.empty()) {
      std::cerr << fmt::format("labs grade: cannot write {}: {}\n", to.string(), problem);
    }
  }
}

class Progress {
 public:
  Progress(std::size_t total, bool shown) : m_total(total), m_shown(shown), m_start(std::chrono::steady_clock::now()) {}
  void done(bool failed) {
    const std::lock_guard lock(m_mutex);
    ++m_done;
    m_failed += failed;
    if (!m_shown) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    const double left = m_done ? elapsed / static_cast<double>(m_done) * static_cast<double>(m_total - m_done) : 0;
    std::cerr << fmt::format("\r\033[Kgraded {}/{} · {} not gradable · about {:.0f} s left", m_done, m_total, m_failed,
                             left)
              << (m_done == m_total ? "\n" : "") << std::flush;
  }

 private:
  std::mutex m_mutex;
  std::size_t m_total, m_done = 0, m_failed = 0;
  bool m_shown;
  std::chrono::steady_clock::time_point m_start;
};

}  // namespace

BatchSummary grade_batch(const std::vector<RosterEntry>& roster, const BatchOptions& options) {
  git_libgit2_init();
  fs::create_directories(options.out / "rows");
  fs::create_directories(options.out / "feedback");
  // Learners' checkouts are the grader's scratch: gone at the end, and on
  // Ctrl-C or SIGTERM too (rows and feedback written so far are kept).
  const ScopedCleanup remove_work([work = options.out / ".work"] {
    std::error_code ignored;
    fs::remove_all(work, ignored);
  });
  std::atomic<std::size_t> next{0};
  std::mutex summary_mutex;
  BatchSummary summary;
  Progress progress(roster.size(), options.progress);
  const auto grade_one = [&](const RosterEntry& entry, LineWorker* worker) {
    const std::string key = file_key(entry.student);
    const fs::path row_file = options.out / "rows" / (key + ".json");
    Row row{entry.student, entry.repo, entry.ref, entry.line};
    const Checkout checkout = select_commit(entry, options.cache, options.deadline, options.limits);
    row.status = checkout.status;
    row.note = checkout.note;
    row.commit = checkout.commit;
    row.author_time = checkout.author_time;
    row.commit_time = checkout.commit_time;
    row.flags = checkout.flags;
    // Refused is not kept: the size limits may be raised for the next run.
    row.key = checkout.status != "ok" ? "" : checkout.commit + "|" + options.selection_key;
    if (const auto previous = row_from_json(read_small(row_file));
        previous && !row.key.empty() && previous->key == row.key) {
      const std::lock_guard lock(summary_mutex);
      ++summary.reused;
      progress.done(previous->status != "ok");
      return;
    }
    if (row.status == "ok") {
      const WorkFolder work{options.out / ".work" / key};
      if (const std::string problem = make_scratch(entry, checkout, options.deadline, work.repo()); !problem.empty()) {
        row.status = "error";
        row.note = "checkout: " + problem;
      } else {
        if (worker)
          run_verify_in_worker(row, options, *worker, work);
        else
          run_verify(row, options, work);
        if (row.status == "ok") keep_feedback(options.out / "feedback" / key, work, row, options.deadline);
      }
      std::error_code ignored;
      fs::remove_all(work.root, ignored);
    }
    if (const std::string problem = replace_file_atomically(row_file, row_to_json(row)); !problem.empty()) {
      std::cerr << fmt::format("labs grade: cannot write {}: {}\n", row_file.string(), problem);
    }
    const std::lock_guard lock(summary_mutex);
    ++(row.status == "ok" ? summary.graded : summary.not_gradable);
    progress.done(row.status != "ok");
  };
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < std::max(1u, options.jobs); ++w) {
    workers.emplace_back([&] {
      std::optional<LineWorker> worker;
      if (options.reuse_workers)
        worker.emplace(worker_command(options), options.out, child_environment(), kLearnersPerWorker);
      for (std::size_t i; (i = next++) < roster.size();) grade_one(roster[i], worker ? &*worker : nullptr);
    });
  }
  for (auto& worker : workers) worker.join();
  git_libgit2_shutdown();
  return summary;
}

std::vector<Row> read_rows(const fs::path& out) {
  std::vector<Row> rows;
  std::error_code error;
  for (fs::directory_iterator it(out / "rows", error), end; !error && it != end; it.increment(error)) {
    if (it->path().extension() != ".json") continue;
    if (auto row = row_from_json(read_small(it->path()))) rows.push_back(std::move(*row));
  }
  std::sort(rows.begin(), rows.end(),
            [](const Row& a, const Row& b) { return std::tie(a.line, a.student) < std::tie(b.line, b.student); });
  return rows;
}

bool write_gradebook(const std::vector<Row>& rows, const fs::path& out, const std::string& title) {
  bool ok = true;
  for (const auto& [name, text] :
       {std::pair{"grades.csv", gradebook_csv(rows)}, std::pair{"report.html", gradebook_html(rows, title)}}) {
    if (const std::string problem = replace_file_atomically(out / name, text); !problem.empty()) {
      std::cerr << fmt::format("labs grade: cannot write {}: {}\n", (out / name).string(), problem);
      ok = false;
    }
  }
  return ok;
}

}  // namespace labkit::grade
