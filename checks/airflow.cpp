// The `airflow` check: DAG files with a schedule, enough tasks and the
// dependencies between them. The DAG files are read as code, never imported
// (process/python_code.hpp: Python's own parser), so comments, docstrings
// and strings never count: a DAG is an Airflow `DAG(...)` call or a function
// decorated with Airflow's `@dag`; tasks are calls with a `task_id` and
// functions decorated with Airflow's `@task`; dependencies are `>>`/`<<`,
// set_upstream/set_downstream, chain(), or a TaskFlow task called with
// another task's result. Airflow itself is not installable here, so no
// DagBag import.
#include <labs/model/check.hpp>
#include <labs/process/python_code.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace labkit {

namespace {

struct Dag {
  std::string file;
  int line = 0;          ///< of the DAG(...) call or the @dag function
  std::string schedule;  ///< as written; "" when none, "None" when only triggered by hand
  int tasks = 0;
  int dependency_line = 0;  ///< where the first dependency is; 0 when there is none
};

bool from_airflow(const std::string& name) { return name.starts_with("airflow."); }

std::string last_part(const std::string& name) {
  const std::string bare = name.ends_with("()") ? name.substr(0, name.size() - 2) : name;
  return bare.substr(bare.rfind('.') + 1);
}

/// Airflow's `@task`, `@task()`, `@task.bash`, `@task.virtualenv(...)`.
bool is_task_decorator(const std::string& name) {
  return from_airflow(name) && (last_part(name) == "task" || name.find(".task.") != std::string::npos);
}

std::string schedule_of(const PythonCall& made) {
  for (const char* key : {"schedule", "schedule_interval", "timetable"}) {
    if (const auto found = made.keywords.find(key); found != made.keywords.end()) return found->second;
  }
  return "";
}

/// The DAG a module makes, if it makes one.
std::optional<Dag> read_dag(const PythonModule& module) {
  std::optional<Dag> dag;
  const auto found = [&](const PythonCall& made) {
    if (!dag) dag = Dag{module.path, made.line, schedule_of(made), 0, 0};
  };
  for (const auto& call : module.calls) {
    if (from_airflow(call.name) && last_part(call.name) == "DAG") found(call);
  }
  std::set<std::string> task_functions;
  std::vector<const PythonFunction*> functions;
  for (const auto& function : module.functions) functions.push_back(&function);
  for (const auto& function : module.inner_functions) functions.push_back(&function);
  for (const PythonFunction* function : functions) {
    for (const auto& decorator : function->decorators) {
      if (from_airflow(decorator.name) && last_part(decorator.name) == "dag") found(decorator);
      if (is_task_decorator(decorator.name)) task_functions.insert(function->name);
    }
  }
  if (!dag) return std::nullopt;
  dag->tasks = static_cast<int>(task_functions.size());
  if (!module.shift_lines.empty()) dag->dependency_line = module.shift_lines.front();
  for (const auto& call : module.calls) {
    if (call.keywords.count("task_id") && last_part(call.name) != "DAG") ++dag->tasks;
    const std::string verb = last_part(call.name);
    bool depends =
        verb == "set_downstream" || verb == "set_upstream" ||
        (from_airflow(call.name) && (verb == "chain" || verb == "cross_downstream" || verb == "chain_linear"));
    // TaskFlow: a task called with another task's result depends on it.
    if (task_functions.count(call.name)) {
      depends = depends || std::any_of(call.arguments.begin(), call.arguments.end(), [&](const std::string& argument) {
                  return argument.ends_with("()") && task_functions.count(argument.substr(0, argument.size() - 2));
                });
    }
    if (depends && (dag->dependency_line == 0 || call.line < dag->dependency_line)) dag->dependency_line = call.line;
  }
  return dag;
}

class AirflowCheck final : public Check {
 public:
  std::string dags;  ///< a glob; "" = the DAG files discovery found
  bool schedule = false;
  std::optional<CountRange> tasks;
  bool dependencies = false;

  std::string describe() const override {
    std::vector<std::string> parts{dags.empty() ? "an Airflow DAG" : fmt::format("an Airflow DAG in {}", dags)};
    if (schedule) parts.push_back("with a schedule");
    if (tasks) parts.push_back(fmt::format("{} tasks", tasks->describe()));
    if (dependencies) parts.push_back("tasks depend on each other");
    return fmt::format("{}", fmt::join(parts, ", "));
  }

  StepOutcome run(const CheckContext& context) const override {
    const auto files = dags.empty() ? discover_project(context.repo).dag_files : own_files(context.repo, dags);
    if (files.empty()) {
      return {Status::fail, dags.empty() ? "no DAG file: no Python file imports airflow and makes a DAG(...) or a @dag"
                                         : fmt::format("no DAG files in {} (dags/train_pipeline.py)", dags)};
    }
    const PythonCode code = read_python_code(context.root(), files);
    if (!code.error.empty()) return {Status::error, code.error};
    for (const auto& module : code.modules) {
      if (!module.error.empty())
        return {Status::fail, fmt::format("syntax error: {}:{}: {}", module.path, module.error_line, module.error),
                module.path, module.error_line};
    }
    std::optional<StepOutcome> first_failure;
    for (const auto& module : code.modules) {
      const auto dag = read_dag(module);
      if (!dag) continue;
      std::vector<std::string> problems;
      if (schedule && (dag->schedule.empty() || dag->schedule == "None")) {
        problems.push_back(dag->schedule.empty() ? "no schedule (schedule=\"@daily\")"
                                                 : "schedule=None runs only when triggered by hand");
      }
      if (tasks && !tasks->contains(dag->tasks))
        problems.push_back(fmt::format("{} task(s), need {}", dag->tasks, tasks->describe()));
      if (dependencies && dag->dependency_line == 0)
        problems.push_back("no dependencies between tasks (extract >> train >> evaluate)");
      if (problems.empty()) {
        return {Status::pass,
                fmt::format(
                    "{}:{}: {} task(s){}{}", dag->file, dag->line, dag->tasks,
                    dag->schedule.empty() ? "" : ", schedule " + dag->schedule,
                    dag->dependency_line ? fmt::format(", with dependencies (line {})", dag->dependency_line) : "")};
      }
      if (!first_failure)
        first_failure = StepOutcome{Status::fail, fmt::format("{}: {}", dag->file, fmt::join(problems, "; ")),
                                    dag->file, dag->line};
    }
    if (first_failure) return *first_failure;
    return {Status::fail, fmt::format("no file in {} makes an Airflow DAG (with DAG(...) as dag: or @dag)",
                                      dags.empty() ? "the files found" : dags)};
  }
};

}  // namespace

std::unique_ptr<Check> parse_airflow_check(SpecMap& spec) {
  auto check = std::make_unique<AirflowCheck>();
  check->dags = spec.string("dags").value_or("");
  if (auto problem = path_shape_problem(check->dags); !check->dags.empty() && !problem.empty())
    spec.error("dags", problem);
  check->schedule = spec.boolean("schedule").value_or(false);
  if (spec.has("tasks")) check->tasks = read_count_range(spec.node("tasks"), "tasks", spec.file(), spec.diagnostics());
  check->dependencies = spec.boolean("dependencies").value_or(false);
  return check;
}

}  // namespace labkit
