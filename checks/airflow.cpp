// The `airflow` check: DAG files with a schedule, enough tasks and the
// dependencies between them. The DAG files are read, not imported: Python's
// own parser (python3 -c "ast.parse") finds syntax errors without running
// the learner's code, and the DAG, its schedule, tasks (operators with a
// task_id, or @task functions) and dependencies (>>, <<, set_downstream,
// chain, or TaskFlow calls passing one task's result to another) are found
// in the text. Airflow itself is not installable here, so no DagBag import.
#include <labs/model/check.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>

#include <boost/regex.hpp>
#include <set>
#include <sstream>

namespace labkit {

namespace fs = std::filesystem;

namespace {

struct Dag {
  std::string file;
  std::string schedule;  ///< as written; "" when none, "None" when only triggered by hand
  int tasks = 0;
  bool dependencies = false;
};

/// Lines without comments and with string literals blanked, so '>>' or
/// 'task_id=' inside a string does not count.
std::vector<std::string> code_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::string code;
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quote) {
        if (c == '\\')
          ++i;
        else if (c == quote)
          quote = 0, code += c;
        continue;
      }
      if (c == '#') break;
      if (c == '"' || c == '\'') quote = c;
      code += c;
    }
    lines.push_back(code);
  }
  return lines;
}

Dag read_dag(const std::string& file, const std::string& text) {
  static const boost::regex dag_made(R"(\bDAG\s*\(|@dag\b)");
  static const boost::regex schedule(R"(\bschedule(?:_interval)?\s*=\s*([^,)]+))");
  static const boost::regex task_id(R"(\btask_id\s*=)");
  static const boost::regex task_decorator(R"(^\s*@task\b)");
  static const boost::regex def_name(R"(^\s*def\s+(\w+)\s*\()");
  static const boost::regex arrows(R"(>>|<<|\.set_(down|up)stream\s*\(|\bchain\s*\(|\bcross_downstream\s*\()");
  static const boost::regex assigned_call(R"(^\s*(\w+)\s*=\s*(\w+)\s*\()");
  Dag dag{file, "", 0, false};
  const auto lines = code_lines(text);
  // Schedules are read from the original text: their values are strings.
  boost::smatch found;
  if (boost::regex_search(text, found, schedule)) {
    dag.schedule = found[1].str();
    while (!dag.schedule.empty() && std::isspace(static_cast<unsigned char>(dag.schedule.back())))
      dag.schedule.pop_back();
  }
  std::set<std::string> task_functions, task_results;
  bool decorated = false;
  for (const auto& line : lines) {
    for (boost::sregex_iterator it(line.begin(), line.end(), task_id), end; it != end; ++it) ++dag.tasks;
    if (boost::regex_search(line, task_decorator)) {
      decorated = true;
      continue;
    }
    boost::smatch name;
    if (decorated && boost::regex_search(line, name, def_name)) {
      task_functions.insert(name[1].str());
      ++dag.tasks;
      decorated = false;
    }
    if (boost::regex_search(line, arrows)) dag.dependencies = true;
  }
  // TaskFlow: a task called with another task's result depends on it.
  for (const auto& line : lines) {
    boost::smatch call;
    if (boost::regex_search(line, call, assigned_call) && task_functions.count(call[2].str()))
      task_results.insert(call[1].str());
    for (const auto& function : task_functions) {
      const auto at = line.find(function + "(");
      if (at == std::string::npos || line.find("def ") != std::string::npos) continue;
      const std::string args = line.substr(at + function.size() + 1);
      for (const auto& other : task_functions) {
        if (args.find(other + "(") != std::string::npos) dag.dependencies = true;
      }
      for (const auto& result : task_results) {
        if (boost::regex_search(args, boost::regex("\\b" + result + "\\b"))) dag.dependencies = true;
      }
    }
  }
  if (!boost::regex_search(text, dag_made)) dag.tasks = -1;  // not a DAG file
  return dag;
}

class AirflowCheck final : public Check {
 public:
  std::string dags = "dags/**/*.py";
  bool schedule = false;
  std::optional<CountRange> tasks;
  bool dependencies = false;

  std::string describe() const override {
    std::vector<std::string> parts{fmt::format("an Airflow DAG in {}", dags)};
    if (schedule) parts.push_back("with a schedule");
    if (tasks) parts.push_back(fmt::format("{} tasks", tasks->describe()));
    if (dependencies) parts.push_back("tasks depend on each other");
    return fmt::format("{}", fmt::join(parts, ", "));
  }

  StepOutcome run(const CheckContext& context) const override {
    const auto files = own_files(context.repo, dags);
    if (files.empty()) return {Status::fail, fmt::format("no DAG files in {} (dags/train_pipeline.py)", dags)};
    if (auto syntax = syntax_error(context, files); !syntax.evidence.empty()) return syntax;
    std::string best;
    std::string best_file;
    for (const auto& file : files) {
      const auto text = read_repo_text(context.root(), file, 1 << 20);
      if (!text) continue;
      const Dag dag = read_dag(file, *text);
      if (dag.tasks < 0) continue;
      std::vector<std::string> problems;
      if (schedule && (dag.schedule.empty() || dag.schedule == "None")) {
        problems.push_back(dag.schedule.empty() ? "no schedule (schedule=\"@daily\")"
                                                : "schedule=None runs only when triggered by hand");
      }
      if (tasks && !tasks->contains(dag.tasks))
        problems.push_back(fmt::format("{} task(s), need {}", dag.tasks, tasks->describe()));
      if (dependencies && !dag.dependencies)
        problems.push_back("no dependencies between tasks (extract >> train >> evaluate)");
      if (problems.empty()) {
        return {Status::pass, fmt::format("{}: {} task(s){}{}", file, dag.tasks,
                                          dag.schedule.empty() ? "" : ", schedule " + dag.schedule,
                                          dag.dependencies ? ", with dependencies" : "")};
      }
      if (best.empty()) {
        best = fmt::format("{}: {}", file, fmt::join(problems, "; "));
        best_file = file;
      }
    }
    if (best.empty())
      return {Status::fail, fmt::format("no file in {} defines a DAG (with DAG(...) as dag: or @dag)", dags)};
    return {Status::fail, best, best_file};
  }

 private:
  /// Python's parser over the files, without running them.
  static StepOutcome syntax_error(const CheckContext& context, const std::vector<std::string>& files) {
    std::string command =
        "python3 -I -c 'import ast, sys\n"
        "for name in sys.argv[1:]:\n"
        "    try: ast.parse(open(name, \"rb\").read(), name)\n"
        "    except SyntaxError as e: print(f\"{e.filename}:{e.lineno}: {e.msg}\"); sys.exit(1)'";
    for (const auto& file : files) command += " " + shell_quote(file);
    // The system's Python, isolated (-I: no module of the repository can
    // shadow `ast`), never the learner's virtualenv.
    const ProcessRequest request{command, context.root(), std::chrono::seconds(30), 64 << 10,
                                 trusted_tool_environment()};
    const ProcessResult result = run_process(request);
    if (result.exit_code == 0) return {};
    if (result.exit_code == 1 && !result.out.empty()) {
      std::string message = result.out.substr(0, result.out.find('\n'));
      const std::string file = message.substr(0, message.find(':'));
      const int line = std::atoi(message.c_str() + std::min(message.size(), file.size() + 1));
      return {Status::fail, "syntax error: " + message, file, line};
    }
    return {Status::error, fmt::format("could not run Python's parser: {}",
                                       result.launch_error.empty() ? result.err : result.launch_error)};
  }
};

}  // namespace

std::unique_ptr<Check> parse_airflow_check(SpecMap& spec) {
  auto check = std::make_unique<AirflowCheck>();
  check->dags = spec.string("dags").value_or("dags/**/*.py");
  if (auto problem = path_shape_problem(check->dags); !problem.empty()) spec.error("dags", problem);
  check->schedule = spec.boolean("schedule").value_or(false);
  if (spec.has("tasks")) check->tasks = read_count_range(spec.node("tasks"), "tasks", spec.file(), spec.diagnostics());
  check->dependencies = spec.boolean("dependencies").value_or(false);
  return check;
}

}  // namespace labkit
