// The `mlflow` check: judges experiments, runs, metrics, models and the
// registry from the data MLflow wrote (file store or SQLite), without MLflow.
// With `train:` it first runs the learner's training in a scratch copy of the
// work tree and judges only the runs that this training wrote: runs
// committed long ago prove nothing about the code as it is.
#include <labs/base/text_match.hpp>
#include <labs/formats/mlflow_store.hpp>
#include <labs/model/check.hpp>
#include <labs/process/probe_env.hpp>
#include <labs/process/scratch_copy.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <boost/regex.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace labkit {

namespace {

using namespace mlflow;

/// "accuracy >= 0.7": the best latest value over the counted runs must meet it.
struct Threshold {
  std::string metric;
  std::string op;  ///< >=, <=, >, <
  double bound = 0;
  bool higher_is_better() const { return op[0] == '>'; }
  bool met(double value) const {
    if (std::isnan(value)) return false;
    if (op == ">=") return value >= bound;
    if (op == "<=") return value <= bound;
    if (op == ">") return value > bound;
    return value < bound;
  }
};

std::string show(double value) { return fmt::format("{:.4g}", value); }

/// How the learner's training starts, and how labs found it.
struct TrainingEntry {
  std::string command;
  std::string found;        ///< "the Makefile's train target", "src/wine/train.py"
  std::string source_root;  ///< "src" for a src layout, put on PYTHONPATH
};

/// The training a repository has: a Makefile `train` target, else the
/// shallowest train*.py outside the tests, run as a module when it sits in a
/// package (its relative imports then work).
std::optional<TrainingEntry> discover_training(const CheckContext& context) {
  static const boost::regex make_target(R"((?:^|\n)train\s*:(?!=))");
  if (const auto makefile = read_repo_text(context.root(), "Makefile", 1 << 20);
      makefile && boost::regex_search(*makefile, make_target))
    return TrainingEntry{"make train", "the Makefile's train target", ""};
  // A script that uses MLflow, else one meant to run (a __main__ guard), is
  // the training; train_config.py beside it is not.
  const ProjectMap map = discover_project(context.repo);
  static const boost::regex uses_mlflow(R"((?:^|\n)\s*(?:import|from)\s+mlflow\b)");
  static const boost::regex runs_as_main(R"(__name__\s*==\s*['"]__main__['"])");
  std::string script;
  for (const auto* wanted : {&uses_mlflow, &runs_as_main}) {
    std::vector<std::string> matching;
    for (const auto& file : map.training_scripts) {
      const auto text = read_repo_text(context.root(), file, 1 << 20);
      if (text && boost::regex_search(*text, *wanted)) matching.push_back(file);
    }
    script = preferred_candidate(matching);
    if (!script.empty()) break;
  }
  if (script.empty()) script = preferred_candidate(map.training_scripts);
  if (script.empty()) return std::nullopt;
  // The first Python that imports MLflow, as the learner's environment has it.
  const std::string python = "py=" + python_with("mlflow") + "; exec \"${py:-python3}\" ";
  std::string source_root;
  std::string module = script.substr(0, script.size() - 3);
  if (module.starts_with("src/")) {
    source_root = "src";
    module.erase(0, 4);
  } else if (!read_repo_text(context.root(), (std::filesystem::path(script).parent_path() / "__init__.py").string(),
                             1)) {
    return TrainingEntry{python + shell_quote(script), script, ""};
  }
  std::replace(module.begin(), module.end(), '/', '.');
  return TrainingEntry{python + "-m " + module, script, source_root};
}

/// Whether the training stopped at `import mlflow`: the environment lacks
/// MLflow, which labs cannot judge (the learner's code may be right).
bool lacks_mlflow(const ProcessResult& result) {
  for (const std::string* stream : {&result.err, &result.out}) {
    if (stream->find("No module named 'mlflow'") != std::string::npos) return true;
  }
  return false;
}

/// Leaves only what a training wrote: runs that started before it, or that
/// the learner's store already had (a copy of old runs), are dropped, and so
/// are their models and model versions.
std::size_t keep_fresh(Store& data, const std::set<std::string>& before, std::int64_t started_ms) {
  std::set<std::string> dropped = before;
  std::size_t kept = 0;
  for (auto& e : data.experiments) {
    std::erase_if(e.runs, [&](const Run& r) {
      const bool old = before.contains(r.id) || (r.start_time && *r.start_time < started_ms);
      if (old) dropped.insert(r.id);
      return old;
    });
    if (!e.deleted)
      kept += static_cast<std::size_t>(
          std::count_if(e.runs.begin(), e.runs.end(), [](const Run& r) { return !r.deleted; }));
  }
  std::erase_if(data.models, [&](const LoggedModel& m) { return dropped.contains(m.run_id); });
  for (auto& model : data.registry)
    std::erase_if(model.versions, [&](const ModelVersion& v) { return dropped.contains(v.run_id); });
  return kept;
}

/// The store a training wrote its runs to: of the fresh one the tracking
/// URI named and those the code may choose itself (an old mlflow.db beside
/// a new mlruns/), the one with the most runs of this training.
struct WrittenStore {
  std::optional<Store> store;
  std::string origin;
  std::size_t fresh_runs = 0;
};

WrittenStore find_written_store(const std::filesystem::path& tree, const std::filesystem::path& fresh,
                                const std::set<std::string>& before, std::int64_t started_ms) {
  std::vector<std::pair<std::filesystem::path, std::string>> candidates;
  std::error_code missing;
  if (std::filesystem::exists(fresh, missing))
    candidates.emplace_back(fresh, "the fresh store MLFLOW_TRACKING_URI named");
  for (const auto& own : existing_stores(tree)) candidates.emplace_back(tree / own, own.generic_string());
  WrittenStore best;
  for (const auto& [path, origin] : candidates) {
    ReadResult read = read_store(path);
    if (!read.store) continue;
    const std::size_t runs = keep_fresh(*read.store, before, started_ms);
    if (!best.store || runs > best.fresh_runs) {
      best.origin = fmt::format("{} ({})", origin, read.store->kind);
      best.store = std::move(read.store);
      best.fresh_runs = runs;
    }
  }
  return best;
}

class MlflowCheck final : public Check {
 public:
  std::string store;       ///< repo-relative; "" = --mlflow-uri, else located
  std::string experiment;  ///< name; "" = every active experiment
  std::string status = "FINISHED";
  CountRange runs{1, std::nullopt};
  std::vector<std::string> params, metrics;
  long min_params = 0, min_metrics = 0;  ///< a counted run logs at least this many, whatever their names
  std::vector<Threshold> thresholds;
  std::optional<long> distinct_params;
  std::optional<std::pair<std::string, long>> history;  ///< metric, minimum steps
  std::optional<std::string> model_flavor;              ///< "" = any flavor
  bool wants_model = false;
  std::optional<std::string> registered_name;
  bool wants_registered = false;
  long min_versions = 1;
  std::string stage, alias;
  std::string train;  ///< the training command; "auto": discovered; "": judge the store as it is
  std::optional<std::chrono::milliseconds> train_timeout;

  std::optional<Probing> probing() const override {
    if (train.empty()) return std::nullopt;
    return Probing{true, true};
  }

  std::string describe() const override {
    std::vector<std::string> parts{fmt::format("{} {} run(s){}", runs.describe(), status,
                                               experiment.empty() ? "" : " in experiment '" + experiment + "'")};
    if (!params.empty()) parts.push_back(fmt::format("params {}", fmt::join(params, ", ")));
    if (!metrics.empty()) parts.push_back(fmt::format("metrics {}", fmt::join(metrics, ", ")));
    if (min_params) parts.push_back(fmt::format("at least {} param(s) a run", min_params));
    if (min_metrics) parts.push_back(fmt::format("at least {} metric(s) a run", min_metrics));
    for (const auto& t : thresholds) parts.push_back(fmt::format("best {} {} {}", t.metric, t.op, show(t.bound)));
    if (distinct_params) parts.push_back(fmt::format("{} different param settings", *distinct_params));
    if (wants_model) parts.push_back("a logged model" + (model_flavor->empty() ? "" : " (" + *model_flavor + ")"));
    if (wants_registered) parts.push_back("a registered model");
    return "MLflow: " + fmt::format("{}", fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    if (!train.empty()) return run_training(context);
    std::string why;
    std::filesystem::path where = !store.empty() ? std::filesystem::path(store) : context.settings.mlflow_store;
    if (where.empty()) where = locate_store(context.root(), why);
    if (where.empty()) return {Status::fail, "no MLflow store: " + why};
    std::filesystem::path path = where;
    if (where.is_relative()) {
      const ResolvedPath resolved = resolve_inside(context.root(), where.generic_string());
      if (!resolved.ok()) return {Status::fail, resolved.error, where.generic_string()};
      path = resolved.path;
    }
    const ReadResult read = read_store(path);
    if (!read.store)
      return {Status::fail, fmt::format("the MLflow store {} cannot be read: {}", where.generic_string(), read.error)};
    std::string origin = fmt::format("{} ({})", where.generic_string(), read.store->kind);
    if (!read.store->problems.empty()) {
      origin +=
          fmt::format("; {} unreadable file(s), first: {}", read.store->problems.size(), read.store->problems.front());
    }
    StepOutcome outcome = judge(*read.store);
    outcome.evidence += "\nstore: " + origin;
    return outcome;
  }

 private:
  StepOutcome run_training(const CheckContext& context) const {
    TrainingEntry entry{expand_python(train), "the lab", ""};
    if (train == "auto" && !context.settings.training_command.empty()) {
      entry = TrainingEntry{expand_python(context.settings.training_command),
                            context.settings.training_command + ", the train: of your .labs.yaml", ""};
    } else if (train == "auto") {
      const auto found = discover_training(context);
      if (!found)
        return {Status::fail,
                "no training to run: labs looks for a Makefile `train` target or a train*.py outside the tests "
                "(or name the command in .labs.yaml, e.g. train: python -m pkg.train)"};
      entry = *found;
    }
    std::set<std::string> before;  // runs the learner's own store already has
    std::string why;
    if (const auto own = locate_store(context.root(), why); !own.empty()) {
      if (const ReadResult read = read_store(context.root() / own); read.store) {
        for (const auto& e : read.store->experiments)
          for (const auto& r : e.runs) before.insert(r.id);
      }
    }
    std::string error;
    const auto copy = ScratchCopy::make(context.root(), error);
    if (!copy) return {Status::error, "could not make a scratch copy of the work tree: " + error};
    const std::filesystem::path fresh = copy->tree() / ".labs-mlruns";
    std::vector<std::string> assignments{"MLFLOW_TRACKING_URI=file://" + fresh.string(), "PYTHONDONTWRITEBYTECODE=1",
                                         "GIT_PYTHON_REFRESH=quiet"};
    if (!entry.source_root.empty()) assignments.push_back("PYTHONPATH=" + (copy->tree() / entry.source_root).string());
    ProcessRequest request{entry.command, copy->tree(), train_timeout.value_or(context.settings.default_timeout),
                           1 << 20, probe_environment(context.root(), {}, assignments)};
    copy->show_links(request.containment);
    const auto started_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count() -
        1000;  // MLflow's clock is this machine's; a second for rounding
    const ProcessResult result = run_process(request);
    const std::string shown = entry.found == "the lab" ? entry.command : entry.found;
    if (!result.launch_error.empty())
      return {Status::error, fmt::format("could not start the training ({}): {}", shown, result.launch_error)};
    if (lacks_mlflow(result))
      return {Status::skip, fmt::format("MLflow is not importable in your environment, so your training ({}) could "
                                        "not log runs here (pip install mlflow in your virtualenv)",
                                        shown)};
    const std::string output = last_lines(result.err.empty() ? result.out : result.err, 8);
    if (result.timed_out || result.exit_code != 0) {
      return {Status::fail,
              fmt::format("your training ({}) {}{}", shown,
                          result.timed_out ? fmt::format("did not finish within {} s", request.timeout.count() / 1000.0)
                                           : fmt::format("exited with {}", result.exit_code),
                          output.empty() ? "" : "; its last output:\n" + output)};
    }
    const std::string ran = fmt::format("your training ({}) ran in {} in {:.1f} s", shown, copy->summary(),
                                        result.elapsed.count() / 1000.0);
    // The tracking URI is a default the code may override with its own store.
    WrittenStore written = find_written_store(copy->tree(), fresh, before, started_ms);
    if (!written.store || written.fresh_runs == 0) {
      return {Status::fail,
              fmt::format("{}, but wrote no MLflow run{}", ran,
                          written.store ? fmt::format(" ({} has no run that started during it)", written.origin)
                                        : " (no store at the tracking URI, in mlflow.db or mlruns/)")};
    }
    StepOutcome outcome = judge(*written.store);
    outcome.evidence = fmt::format("{}; judged the {} run(s) it wrote:\n{}\nstore: {}", ran, written.fresh_runs,
                                   outcome.evidence, written.origin);
    return outcome;
  }

  StepOutcome judge(const Store& data) const {
    std::vector<const Experiment*> experiments;
    for (const auto& e : data.experiments) {
      if (!e.deleted && (experiment.empty() || e.name == experiment)) experiments.push_back(&e);
    }
    if (experiments.empty()) {
      std::vector<std::string> names;
      for (const auto& e : data.experiments) {
        if (!e.deleted) names.push_back("'" + e.name + "'");
      }
      return {Status::fail,
              fmt::format("no experiment named '{}' (experiments: {})", experiment, fmt::join(names, ", "))};
    }
    std::vector<const Run*> counted, unfinished;
    for (const Experiment* e : experiments) {
      for (const auto& r : e->runs) {
        if (r.deleted) continue;
        if (std::string(to_string(r.status)) == status)
          counted.push_back(&r);
        else if (r.status == RunStatus::running)
          unfinished.push_back(&r);
      }
    }
    const std::string scope = experiment.empty() ? "" : fmt::format(" in experiment '{}'", experiment);
    std::vector<std::string> found{fmt::format("{} run(s) {}{}", counted.size(), status, scope)};
    if (!runs.contains(static_cast<long>(counted.size()))) {
      std::string evidence = fmt::format("{} run(s) {}{}, need {}", counted.size(), status, scope, runs.describe());
      for (const Run* r : unfinished) {
        evidence +=
            fmt::format("\nrun {} ({}) is still RUNNING: it never ended — did the script crash or miss end_run()?",
                        r->name.empty() ? r->id : r->name, r->id.substr(0, 8));
      }
      return {Status::fail, evidence};
    }
    if (auto missing = missing_keys(counted); !missing.empty()) return {Status::fail, missing};
    if (auto failed = judge_thresholds(counted, found)) return *failed;
    if (distinct_params) {
      std::set<std::map<std::string, std::string>> settings;
      for (const Run* r : counted) settings.insert(r->params);
      if (static_cast<long>(settings.size()) < *distinct_params) {
        return {Status::fail, fmt::format("the runs have {} different param setting(s), need {}: several experiments "
                                          "means different settings (e.g. another alpha), not the same run repeated",
                                          settings.size(), *distinct_params)};
      }
      found.push_back(fmt::format("{} different param settings", settings.size()));
    }
    if (history) {
      std::size_t longest = 0;
      for (const Run* r : counted) {
        if (auto it = r->metrics.find(history->first); it != r->metrics.end())
          longest = std::max(longest, it->second.points);
      }
      if (static_cast<long>(longest) < history->second) {
        return {Status::fail,
                fmt::format("the longest history of '{}' has {} step(s), need {} (log it every epoch with step=)",
                            history->first, longest, history->second)};
      }
      found.push_back(fmt::format("'{}' logged over {} steps", history->first, longest));
    }
    if (wants_model) {
      auto model = check_model(data, counted);
      if (model.status != Status::pass) return model;
      found.push_back(model.evidence);
    }
    if (wants_registered) {
      auto registered = check_registry(data);
      if (registered.status != Status::pass) return registered;
      found.push_back(registered.evidence);
    }
    return {Status::pass, fmt::format("{}", fmt::join(found, ", "))};
  }

  /// Each threshold is met by the best value of its metric over the counted
  /// runs: the failure, or nothing once `found` says the best values.
  std::optional<StepOutcome> judge_thresholds(const std::vector<const Run*>& counted,
                                              std::vector<std::string>& found) const {
    for (const auto& t : thresholds) {
      std::optional<double> best;
      for (const Run* r : counted) {
        const auto value = r->latest(t.metric);
        if (!value || std::isnan(*value)) continue;
        if (!best || (t.higher_is_better() ? *value > *best : *value < *best)) best = value;
      }
      if (!best) return StepOutcome{Status::fail, fmt::format("no run logs the metric '{}'", t.metric)};
      if (!t.met(*best))
        return StepOutcome{Status::fail,
                           fmt::format("best {} is {}, need {} {}", t.metric, show(*best), t.op, show(t.bound))};
      found.push_back(fmt::format("best {} {} {} {}", t.metric, show(*best),
                                  t.op == ">="   ? "≥"
                                  : t.op == "<=" ? "≤"
                                                 : t.op,
                                  show(t.bound)));
    }
    return std::nullopt;
  }

  /// "" when one counted run logs every asked param and metric, else what the closest run lacks.
  std::string missing_keys(const std::vector<const Run*>& counted) const {
    if (params.empty() && metrics.empty() && min_params == 0 && min_metrics == 0) return "";
    std::vector<std::string> fewest_missing;
    for (const Run* r : counted) {
      std::vector<std::string> lacking;
      if (static_cast<long>(r->params.size()) < min_params) {
        lacking.push_back(fmt::format("params ({} of {})", r->params.size(), min_params));
      }
      if (static_cast<long>(r->metrics.size()) < min_metrics) {
        lacking.push_back(fmt::format("metrics ({} of {})", r->metrics.size(), min_metrics));
      }
      for (const auto& p : params) {
        if (!r->params.count(p)) lacking.push_back("param " + p);
      }
      for (const auto& m : metrics) {
        if (!r->metrics.count(m)) lacking.push_back("metric " + m);
      }
      if (lacking.empty()) return "";
      if (fewest_missing.empty() || lacking.size() < fewest_missing.size()) fewest_missing = lacking;
    }
    return fmt::format("no run logs all that is asked; the closest lacks {}", fmt::join(fewest_missing, ", "));
  }

  StepOutcome check_model(const Store& data, const std::vector<const Run*>& counted) const {
    std::set<std::string> run_ids;
    for (const Run* r : counted) run_ids.insert(r->id);
    std::string last_problem =
        "no logged model (MLmodel) in the counted runs' artifacts: call mlflow.sklearn.log_model";
    for (const auto& model : data.models) {
      if (!run_ids.count(model.run_id)) continue;
      const MlModel mlmodel = read_mlmodel(model.directory);
      if (!mlmodel.error.empty()) {
        last_problem = fmt::format("model {}: {}", model.id, mlmodel.error);
        continue;
      }
      if (!model_flavor->empty() &&
          std::find(mlmodel.flavors.begin(), mlmodel.flavors.end(), *model_flavor) == mlmodel.flavors.end()) {
        last_problem =
            fmt::format("model {} has flavors {}, not {}", model.id, fmt::join(mlmodel.flavors, ", "), *model_flavor);
        continue;
      }
      if (!mlmodel.missing_files.empty()) {
        last_problem = fmt::format("model {}: MLmodel names {}, which is missing (committed without its files?)",
                                   model.id, fmt::join(mlmodel.missing_files, ", "));
        continue;
      }
      return {Status::pass, fmt::format("model {} ({})", model.id, fmt::join(mlmodel.flavors, ", "))};
    }
    return {Status::fail, last_problem};
  }

  StepOutcome check_registry(const Store& data) const {
    std::vector<std::string> names;
    for (const auto& model : data.registry) {
      names.push_back(model.name);
      if (registered_name && !registered_name->empty() && model.name != *registered_name) continue;
      if (static_cast<long>(model.versions.size()) < min_versions) continue;
      if (!stage.empty() && std::none_of(model.versions.begin(), model.versions.end(),
                                         [&](const ModelVersion& v) { return v.stage == stage; })) {
        continue;
      }
      if (!alias.empty() && !model.aliases.count(alias)) continue;
      std::string evidence = fmt::format("registered model '{}' with {} version(s)", model.name, model.versions.size());
      if (!stage.empty()) evidence += " (one in " + stage + ")";
      if (!alias.empty()) evidence += fmt::format(" (alias {} → v{})", alias, model.aliases.at(alias));
      return {Status::pass, evidence};
    }
    std::string want = registered_name && !registered_name->empty() ? "'" + *registered_name + "'" : "a model";
    if (!stage.empty()) want += " with a version in " + stage;
    if (!alias.empty()) want += " with the alias " + alias;
    return {Status::fail, fmt::format("no registered {} ({} version(s) at least); registered: {}", want, min_versions,
                                      names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", ")))};
  }
};

std::optional<Threshold> parse_threshold(const std::string& metric, const std::string& text) {
  for (const char* op : {">=", "<=", ">", "<"}) {
    if (!text.starts_with(op)) continue;
    const std::string rest = text.substr(std::string_view(op).size());
    char* end = nullptr;
    const double bound = std::strtod(rest.c_str(), &end);
    // strtod reads nan and inf too: no metric is above NaN, every one above -inf.
    if (end == rest.c_str() || std::string_view(end).find_first_not_of(' ') != std::string_view::npos ||
        !std::isfinite(bound))
      return std::nullopt;
    return Threshold{metric, op, bound};
  }
  return std::nullopt;
}

}  // namespace

std::unique_ptr<Check> parse_mlflow_check(SpecMap& spec) {
  auto check = std::make_unique<MlflowCheck>();
  check->store = spec.one_path("store").value_or("");
  if (auto problem = check->store.empty() ? "" : path_shape_problem(check->store); !problem.empty())
    spec.error("store", problem);
  check->experiment = spec.string("experiment").value_or("");
  if (spec.has("runs")) {
    if (auto range = read_count_range(spec.node("runs"), "'runs'", spec.file(), spec.diagnostics()))
      check->runs = *range;
  }
  check->status = spec.string("status").value_or("FINISHED");
  if (parse_run_status(check->status) == RunStatus::unknown ||
      std::isdigit(static_cast<unsigned char>(check->status[0]))) {
    spec.error("status", fmt::format("'status' is one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED, found '{}'",
                                     check->status));
  }
  check->params = spec.string_list("params").value_or(std::vector<std::string>{});
  check->metrics = spec.string_list("metrics").value_or(std::vector<std::string>{});
  check->min_params = spec.integer("min_params", 1, 10000).value_or(0);
  check->min_metrics = spec.integer("min_metrics", 1, 10000).value_or(0);
  if (spec.has("thresholds")) {
    const YAML::Node thresholds = spec.node("thresholds");
    if (!thresholds.IsMap())
      spec.error("thresholds", "'thresholds' maps a metric to a bound, e.g. {accuracy: '>= 0.7'}");
    for (const auto& entry : thresholds) {
      const std::string metric = entry.first.as<std::string>();
      const std::string text = entry.second.IsScalar() ? entry.second.Scalar() : "";
      if (auto threshold = parse_threshold(metric, text))
        check->thresholds.push_back(*threshold);
      else
        spec.error("thresholds",
                   fmt::format("threshold of '{}' must look like '>= 0.7' or '<= 5', found '{}'", metric, text));
    }
  }
  if (spec.has("distinct_params")) check->distinct_params = spec.integer("distinct_params", 2, 1000);
  if (spec.has("history")) {
    SpecMap history(spec.node("history"), "'history' in mlflow check", {"metric", "min_steps"}, spec.file(),
                    spec.diagnostics());
    auto metric = history.string("metric", true);
    auto steps = history.integer("min_steps", 2, 1000000, true);
    if (metric && steps) check->history = std::pair{*metric, *steps};
  }
  if (spec.has("model")) {
    SpecMap model(spec.node("model"), "'model' in mlflow check", {"flavor"}, spec.file(), spec.diagnostics());
    check->wants_model = true;
    check->model_flavor = model.string("flavor").value_or("");
  }
  if (spec.has("registered")) {
    SpecMap registered(spec.node("registered"), "'registered' in mlflow check",
                       {"name", "min_versions", "stage", "alias"}, spec.file(), spec.diagnostics());
    check->wants_registered = true;
    check->registered_name = registered.string("name").value_or("");
    check->min_versions = registered.integer("min_versions", 1, 100000).value_or(1);
    check->stage = registered.string("stage").value_or("");
    check->alias = registered.string("alias").value_or("");
  }
  check->train = spec.string("train").value_or("");
  check->train_timeout = spec.seconds("train_timeout", 86400);
  if (check->train_timeout && check->train.empty()) spec.error("train_timeout", "'train_timeout' needs 'train'");
  if (!check->train.empty() && !check->store.empty())
    spec.error("store", "give 'store' or 'train': a training run writes a store of its own");
  return check;
}

}  // namespace labkit
