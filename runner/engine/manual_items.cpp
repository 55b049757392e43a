#include <labs/base/atomic_file.hpp>
#include <labs/base/utf8.hpp>
#include <labs/engine/manual_items.hpp>
#include <labs/repo/repo_yaml.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace labkit {

namespace fs = std::filesystem;

std::map<std::string, Evidence> read_evidence(const fs::path& root, std::string& problem) {
  std::map<std::string, Evidence> ticks;
  const auto node = read_repo_yaml(root, kEvidenceFile, problem);
  if (!node || !problem.empty() || !yaml_present(*node)) return ticks;
  if (!node->IsMap()) {
    problem = fmt::format("{}: expected ITEM: {{evidence: TEXT, ticked: TIME}} entries", kEvidenceFile);
    return ticks;
  }
  for (const auto& entry : *node) {
    const std::string key = yaml_text(entry.first);
    const std::string text = entry.second.IsMap() ? yaml_text(entry.second["evidence"]) : "";
    if (key.empty() || text.empty()) {
      problem = fmt::format("{}:{}: an entry needs an item and evidence: (labs tick rewrites the file)", kEvidenceFile,
                            yaml_line(entry.first));
      continue;
    }
    ticks[key] = {text, yaml_text(entry.second["ticked"])};
  }
  return ticks;
}

std::string write_evidence(const fs::path& root, const std::map<std::string, Evidence>& ticks) {
  std::error_code error;
  if (fs::is_symlink(fs::symlink_status(root / kEvidenceFile, error))) {
    return fmt::format("{} is a symlink; labs does not write through one", kEvidenceFile);
  }
  YAML::Emitter out;
  out << YAML::BeginMap;
  for (const auto& [item, evidence] : ticks) {
    out << YAML::Key << item << YAML::Value << YAML::BeginMap << YAML::Key << "evidence" << YAML::Value
        << YAML::DoubleQuoted << evidence.text << YAML::Key << "ticked" << YAML::Value << evidence.ticked_at
        << YAML::EndMap;
  }
  out << YAML::EndMap;
  const std::string header =
      "# What labs cannot check by itself, ticked with `labs tick ITEM --evidence TEXT`.\n"
      "# Commit this file: whoever grades your repository reads it.\n";
  return replace_file_atomically(root / kEvidenceFile, header + (ticks.empty() ? "{}" : out.c_str()) + "\n");
}

ItemResult judge_manual_item(const Lab& lab, const Item& item, const fs::path& root, bool in_ci) {
  const std::string key = lab.id + "/" + item.id;
  if (in_ci && !item.manual->counts_in_ci) {
    return {&item,
            Status::skip,
            {},
            "a manual item: a CI gate does not count it (ticks show in your own runs and in grading)",
            true};
  }
  std::string problem;
  const auto ticks = read_evidence(root, problem);
  if (!problem.empty()) return {&item, Status::error, {}, problem};
  const auto tick = ticks.find(key);
  if (tick == ticks.end()) {
    return {&item,
            Status::fail,
            {},
            fmt::format("a manual item, not ticked yet; once done: labs tick {} --evidence \"{}\"", key,
                        item.manual->evidence)};
  }
  return {&item,
          Status::pass,
          {},
          valid_utf8(fmt::format("ticked by hand {}: {}", tick->second.ticked_at, tick->second.text))};
}

}  // namespace labkit
