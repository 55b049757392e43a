// The `dvc` check: data versioned with DVC — `.dvc` files for tracked data,
// a dvc.yaml pipeline whose stages have deps and outs, a dvc.lock that says it
// was run, a remote in .dvc/config, and the data itself kept out of git.
#include <labs/model/check.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/repo/repo_yaml.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <boost/regex.hpp>
#include <map>
#include <set>
#include <sstream>

namespace labkit {

namespace {

/// The `path`s of a .dvc file's or a stage's outs (strings or {path: {...}} maps).
std::vector<std::string> out_paths(const YAML::Node& outs, bool dvc_file) {
  std::vector<std::string> paths;
  if (!yaml_present(outs) || !outs.IsSequence()) return paths;
  for (const auto& out : outs) {
    if (out.IsScalar()) paths.push_back(out.Scalar());
    if (out.IsMap() && dvc_file && yaml_present(out["path"])) paths.push_back(out["path"].Scalar());
    if (out.IsMap() && !dvc_file) {
      for (const auto& entry : out) paths.push_back(entry.first.Scalar());
    }
  }
  return paths;
}

class DvcCheck final : public Check {
 public:
  std::vector<std::string> tracked;  ///< data paths DVC must track (a .dvc file or a stage out)
  std::optional<CountRange> stages;
  std::vector<std::string> stage_names;
  bool locked = false;
  bool remote = false;
  bool data_ignored = false;

  std::string describe() const override {
    std::vector<std::string> parts;
    if (!tracked.empty()) parts.push_back(fmt::format("DVC tracks {}", fmt::join(tracked, ", ")));
    if (stages) parts.push_back(fmt::format("dvc.yaml has {} stages with deps and outs", stages->describe()));
    if (!stage_names.empty()) parts.push_back(fmt::format("stages {}", fmt::join(stage_names, ", ")));
    if (locked) parts.push_back("dvc.lock records every stage");
    if (remote) parts.push_back("a default remote in .dvc/config");
    if (data_ignored) parts.push_back("DVC's data is not committed to git");
    return fmt::format("{}", fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    std::vector<std::string> problems, found;
    std::string broken;
    // Everything DVC tracks: outs of *.dvc files, and of dvc.yaml's stages.
    std::map<std::string, std::string> outs;  // data path → the file that tracks it
    for (const auto& file : own_files(context.repo, "**/*.dvc")) {
      const auto node = read_repo_yaml(context.root(), file, broken);
      if (!node || !node->IsMap()) continue;
      const std::string folder = std::filesystem::path(file).parent_path().string();
      for (const auto& path : out_paths((*node)["outs"], true))
        outs[folder.empty() ? path : std::string(folder).append("/").append(path)] = file;
    }
    const auto pipeline = read_repo_yaml(context.root(), "dvc.yaml", broken);
    const YAML::Node all_stages = pipeline && pipeline->IsMap() ? (*pipeline)["stages"] : YAML::Node();
    std::vector<std::string> names;
    if (yaml_present(all_stages) && all_stages.IsMap()) {
      for (const auto& stage : all_stages) {
        const std::string name = stage.first.Scalar();
        names.push_back(name);
        if (!stage.second.IsMap()) continue;
        for (const auto& path : out_paths(stage.second["outs"], false)) outs[path] = "dvc.yaml stage " + name;
        // An evaluate stage may write only metrics or plots: those are its outputs.
        const bool writes = yaml_present(stage.second["outs"]) || yaml_present(stage.second["metrics"]) ||
                            yaml_present(stage.second["plots"]);
        if (stages && (!yaml_present(stage.second["deps"]) || !writes || !yaml_present(stage.second["cmd"]))) {
          problems.push_back(fmt::format("dvc.yaml:{}: stage {} needs cmd, deps and outs (or metrics or plots)",
                                         stage.first.Mark().line + 1, name));
        }
      }
    }
    if (!broken.empty()) problems.push_back(broken);
    for (const auto& wanted : tracked) {
      const bool covered = std::any_of(outs.begin(), outs.end(), [&](const auto& out) {
        return out.first == wanted || wanted.rfind(out.first + "/", 0) == 0;
      });
      if (covered)
        found.push_back(wanted);
      else
        problems.push_back(fmt::format("{} is not tracked by DVC (dvc add {} writes {}.dvc)", wanted, wanted, wanted));
    }
    if (stages) {
      if (!pipeline)
        problems.push_back("no dvc.yaml (dvc stage add -n NAME -d DEPS -o OUTS CMD writes one)");
      else if (!stages->contains(static_cast<long>(names.size()))) {
        problems.push_back(fmt::format("dvc.yaml has {} stage(s), need {}", names.size(), stages->describe()));
      }
    }
    for (const auto& name : stage_names) {
      if (std::find(names.begin(), names.end(), name) == names.end())
        problems.push_back(fmt::format("dvc.yaml has no stage {}", name));
    }
    if (locked) judge_lock(context, names, problems);
    if (remote) judge_remote(context, problems, found);
    if (data_ignored) judge_ignored(context, outs, problems);
    if (!problems.empty())
      return {Status::fail, fmt::format("{}", fmt::join(problems, "; ")), pipeline ? "dvc.yaml" : ""};
    return {Status::pass, fmt::format("{} path(s) tracked by DVC, {} stage(s){}{}", outs.size(), names.size(),
                                      found.empty() ? "" : ": ", fmt::join(found, ", "))};
  }

 private:
  static void judge_lock(const CheckContext& context, const std::vector<std::string>& names,
                         std::vector<std::string>& problems) {
    std::string broken;
    const auto lock = read_repo_yaml(context.root(), "dvc.lock", broken);
    if (!lock || !lock->IsMap()) {
      problems.push_back(broken.empty() ? "no dvc.lock: run dvc repro and commit dvc.lock" : broken);
      return;
    }
    const YAML::Node recorded = (*lock)["stages"];
    for (const auto& name : names) {
      if (!yaml_present(recorded) || !recorded.IsMap() || !yaml_present(recorded[name])) {
        problems.push_back(
            fmt::format("stage {} is not in dvc.lock: it never ran (dvc repro) or dvc.lock was not committed", name));
      }
    }
  }

  static void judge_remote(const CheckContext& context, std::vector<std::string>& problems,
                           std::vector<std::string>& found) {
    const ResolvedPath config = resolve_inside(context.root(), ".dvc/config");
    std::string error;
    const auto text = config.ok() ? read_text_file(config, 1 << 20, error) : std::nullopt;
    if (!text) {
      problems.push_back("no .dvc/config (dvc init, then dvc remote add -d NAME URL)");
      return;
    }
    // INI as DVC writes it: ['remote "name"'] sections, and `remote = name` under [core].
    static const boost::regex section(R"re(^\s*\[\s*'?\s*remote\s+"([^"]+)"\s*'?\s*\]\s*$)re");
    static const boost::regex core(R"(^\s*\[\s*core\s*\]\s*$)");
    static const boost::regex default_remote(R"(^\s*remote\s*=\s*(\S+)\s*$)");
    std::set<std::string> remotes;
    std::string chosen, current_section;
    std::istringstream lines(*text);
    for (std::string line; std::getline(lines, line);) {
      boost::smatch match;
      if (boost::regex_match(line, match, section)) {
        remotes.insert(match[1]);
        current_section = "remote";
      } else if (boost::regex_match(line, core)) {
        current_section = "core";
      } else if (!line.empty() && line.find('[') != std::string::npos &&
                 line.find_first_not_of(" \t") == line.find('[')) {
        current_section = "other";
      } else if (current_section == "core" && boost::regex_match(line, match, default_remote)) {
        chosen = match[1];
      }
    }
    if (remotes.empty())
      problems.push_back("no remote in .dvc/config (dvc remote add -d NAME URL)");
    else if (chosen.empty())
      problems.push_back("no default remote: dvc remote default NAME");
    else if (!remotes.count(chosen))
      problems.push_back(fmt::format(".dvc/config names remote {} as the default, but defines no such remote", chosen));
    else
      found.push_back("remote " + chosen);
  }

  static void judge_ignored(const CheckContext& context, const std::map<std::string, std::string>& outs,
                            std::vector<std::string>& problems) {
    std::string error;
    const auto files = committed_files(context.repo, error);
    if (!error.empty()) {
      problems.push_back("cannot read the committed files: " + error);
      return;
    }
    for (const auto& [path, owner] : outs) {
      for (const auto& file : files) {
        if (file.path == path || file.path.rfind(path + "/", 0) == 0) {
          problems.push_back(fmt::format("{} is committed to git, though {} tracks it: git rm -r --cached {}",
                                         file.path, owner, path));
          break;
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> parse_dvc_check(SpecMap& spec) {
  auto check = std::make_unique<DvcCheck>();
  check->tracked = spec.string_list("tracked").value_or(std::vector<std::string>{});
  for (const auto& path : check->tracked) {
    if (auto problem = path_shape_problem(path); !problem.empty()) spec.error("tracked", problem);
  }
  if (spec.has("stages"))
    check->stages = read_count_range(spec.node("stages"), "'stages'", spec.file(), spec.diagnostics());
  check->stage_names = spec.string_list("stage_names").value_or(std::vector<std::string>{});
  check->locked = spec.boolean("locked").value_or(false);
  check->remote = spec.boolean("remote").value_or(false);
  check->data_ignored = spec.boolean("data_ignored").value_or(false);
  if (check->tracked.empty() && !check->stages && check->stage_names.empty() && !check->locked && !check->remote &&
      !check->data_ignored) {
    spec.error("tracked",
               "a dvc check needs at least one of tracked, stages, stage_names, locked, remote, data_ignored");
  }
  return check;
}

}  // namespace labkit
