// The `file` check: a path or glob in the work tree exists, and its text
// holds what the lab asks for. Paths never leave the repository.
#include <labs/base/strings.hpp>
#include <labs/base/text_match.hpp>
#include <labs/model/check.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/lab_regex.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

namespace labkit {

namespace {

constexpr std::size_t kMaxFileBytes = 8 << 20;

struct Verdict {
  bool ok = true;
  std::string evidence;
  int line = 0;
};

bool is_index(const std::string& part, std::size_t& index) {
  if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos || part.size() > 9) return false;
  index = std::stoul(part);
  return true;
}

bool yaml_has_key(const YAML::Node& root, const std::string& key) {
  // yaml-cpp's Node::operator= writes through to the document: walk with reset().
  YAML::Node node;
  node.reset(root);
  for (const auto& part : split(key, '.')) {
    std::size_t index = 0;
    const YAML::Node& view = node;
    const bool in_sequence = node.IsSequence() && is_index(part, index) && index < node.size();
    if (!node.IsMap() && !in_sequence) return false;
    const YAML::Node child = in_sequence ? view[index] : view[part];
    if (!child.IsDefined()) return false;
    node.reset(child);
  }
  return true;
}

bool json_has_key(const nlohmann::json* node, const std::string& key) {
  for (const auto& part : split(key, '.')) {
    std::size_t index = 0;
    if (node->is_object() && node->contains(part)) {
      node = &(*node)[part];
    } else if (node->is_array() && is_index(part, index) && index < node->size()) {
      node = &(*node)[index];
    } else {
      return false;
    }
  }
  return true;
}

class FileCheck final : public Check {
 public:
  std::string target;
  bool glob = false;
  bool expect_absent = false;
  bool include_ignored = false;
  bool every = false;  ///< with a glob: every matching file must pass the content rules, not just one
  std::optional<CountRange> count;
  std::vector<std::string> contains, not_contains;
  std::vector<LabRegex> matches, not_matches;
  std::optional<CountRange> lines;
  std::string parses_as;
  std::vector<std::string> has_keys;

  bool inspects_content() const {
    return !contains.empty() || !not_contains.empty() || !matches.empty() || !not_matches.empty() || lines ||
           !parses_as.empty();
  }

  std::string describe() const override {
    std::string what = glob ? fmt::format("files matching '{}'", target) : fmt::format("'{}'", target);
    if (expect_absent) return what + " must not exist";
    std::vector<std::string> parts;
    if (count) parts.push_back(fmt::format("{} of them", count->describe()));
    if (every) parts.push_back("each one");
    if (!contains.empty()) parts.push_back(fmt::format("contains {}", fmt::join(contains, ", ")));
    if (!not_contains.empty()) parts.push_back(fmt::format("does not contain {}", fmt::join(not_contains, ", ")));
    for (const auto& r : matches) parts.push_back(fmt::format("matches /{}/", r.pattern));
    for (const auto& r : not_matches) parts.push_back(fmt::format("does not match /{}/", r.pattern));
    if (lines) parts.push_back(fmt::format("{} non-blank lines", lines->describe()));
    if (!parses_as.empty()) parts.push_back(fmt::format("is valid {}", parses_as));
    if (!has_keys.empty()) parts.push_back(fmt::format("has keys {}", fmt::join(has_keys, ", ")));
    return parts.empty() ? what + " exists" : what + ": " + fmt::format("{}", fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    std::vector<std::string> found;
    if (glob) {
      // A glob means the learner's own files: git-ignored ones (caches, data)
      // are neither walked nor matched unless the lab asks for them, and
      // installed packages (a virtualenv, node_modules) never are.
      found = include_ignored ? glob_files(context.root(), target,
                                           [&](const std::string& relative) {
                                             return relative.ends_with('/') &&
                                                    is_package_tree((context.root() / relative).parent_path());
                                           })
                              : own_files(context.repo, target);
    } else {
      const ResolvedPath resolved = resolve_inside(context.root(), target);
      if (!resolved.ok()) return {Status::fail, resolved.error, target};
      std::error_code error;
      if (std::filesystem::exists(resolved.path, error)) found.push_back(target);
    }
    if (expect_absent) {
      if (found.empty()) return {Status::pass, fmt::format("'{}' does not exist", target)};
      return {Status::fail, fmt::format("'{}' exists but should not", found.front()), found.front()};
    }
    const CountRange wanted = count.value_or(CountRange{1, std::nullopt});
    if (!wanted.contains(static_cast<long>(found.size()))) {
      if (found.empty()) return {Status::fail, fmt::format("'{}' not found", target)};
      return {Status::fail, fmt::format("{} file(s) match '{}', need {}", found.size(), target, wanted.describe())};
    }
    if (!inspects_content()) {
      if (!glob) return {Status::pass, fmt::format("'{}' exists", target)};
      return {Status::pass, fmt::format("{} file(s) match '{}'", found.size(), target)};
    }
    if (every) {
      for (const auto& path : found) {
        Verdict verdict = inspect(context, path);
        if (!verdict.ok) return {Status::fail, verdict.evidence, path, verdict.line};
      }
      return {Status::pass, fmt::format("all {} file(s) matching '{}' have what is asked", found.size(), target)};
    }
    // With a glob, one file that satisfies every content rule is enough.
    Verdict first_failure;
    for (const auto& path : found) {
      Verdict verdict = inspect(context, path);
      if (verdict.ok) return {Status::pass, verdict.evidence, path, verdict.line};
      if (first_failure.evidence.empty()) first_failure = verdict;
      if (!glob) return {Status::fail, verdict.evidence, path, verdict.line};
    }
    return {Status::fail, fmt::format("none of the {} file(s) matching '{}' qualifies; first: {}", found.size(), target,
                                      first_failure.evidence)};
  }

 private:
  Verdict inspect(const CheckContext& context, const std::string& path) const {
    const ResolvedPath resolved = resolve_inside(context.root(), path);
    if (!resolved.ok()) return {false, resolved.error};
    std::string error;
    const auto text = read_text_file(resolved, kMaxFileBytes + 1, error);
    if (!text) return {false, fmt::format("{}: {}", path, error)};
    if (text->size() > kMaxFileBytes) return {false, fmt::format("{} is larger than 8 MiB; not inspected", path)};
    for (const auto& needle : contains) {
      if (!find_literal(*text, needle)) return {false, fmt::format("{} does not contain '{}'", path, needle)};
    }
    for (const auto& needle : not_contains) {
      if (int line = find_literal(*text, needle)) {
        return {false, fmt::format("{}:{} contains '{}', which it should not", path, line, needle), line};
      }
    }
    try {
      for (const auto& regex : matches) {
        const RegexHits hits = find_regex(*text, regex.compiled, regex.min_count);
        if (hits.count < regex.min_count) {
          return {false, regex.min_count == 1 ? fmt::format("{} has no match for /{}/", path, regex.pattern)
                                              : fmt::format("{} has {} match(es) for /{}/, need at least {}", path,
                                                            hits.count, regex.pattern, regex.min_count)};
        }
      }
      for (const auto& regex : not_matches) {
        const RegexHits hits = find_regex(*text, regex.compiled, 1);
        if (hits.count > 0) {
          return {false, fmt::format("{}:{} matches /{}/, which it should not", path, hits.first_line, regex.pattern),
                  hits.first_line};
        }
      }
    } catch (const std::runtime_error& error) {
      return {false, fmt::format("{}: pattern too costly to evaluate: {}", path, error.what())};
    }
    long non_blank = 0;
    if (lines) {
      std::size_t start = 0;
      while (start < text->size()) {
        const std::size_t end = std::min(text->find('\n', start), text->size());
        if (text->find_first_not_of(" \t\r", start) < end) ++non_blank;
        start = end + 1;
      }
      if (!lines->contains(non_blank)) {
        return {false, fmt::format("{} has {} non-blank lines, need {}", path, non_blank, lines->describe())};
      }
    }
    if (!parses_as.empty()) {
      Verdict parsed = check_structure(path, *text);
      if (!parsed.ok) return parsed;
    }
    std::string evidence = fmt::format("{} has what is asked", path);
    if (lines) evidence = fmt::format("{} has {} non-blank lines and what is asked", path, non_blank);
    return {true, evidence};
  }

  Verdict check_structure(const std::string& path, const std::string& text) const {
    if (parses_as == "yaml") {
      YAML::Node root;
      try {
        root = YAML::Load(text);
      } catch (const YAML::Exception& e) {
        return {false, fmt::format("{}:{} is not valid YAML: {}", path, e.mark.line + 1, e.msg), e.mark.line + 1};
      }
      for (const auto& key : has_keys) {
        if (!yaml_has_key(root, key)) return {false, fmt::format("{} has no key '{}'", path, key)};
      }
      return {true, ""};
    }
    nlohmann::json root;
    try {
      root = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      const int line = line_of(text, e.byte > 0 ? e.byte - 1 : 0);
      return {false, fmt::format("{}:{} is not valid JSON", path, line), line};
    }
    for (const auto& key : has_keys) {
      if (!json_has_key(&root, key)) return {false, fmt::format("{} has no key '{}'", path, key)};
    }
    return {true, ""};
  }
};

}  // namespace

std::unique_ptr<Check> parse_file_check(SpecMap& spec) {
  auto check = std::make_unique<FileCheck>();
  auto path = spec.string("path");
  auto glob = spec.string("glob");
  if (path.has_value() == glob.has_value()) {
    spec.error("path", "a file check needs exactly one of 'path' (one file) or 'glob' (a pattern)");
  } else if (path && is_glob(*path)) {
    spec.error("path", fmt::format("'{}' has glob characters: use 'glob:' for patterns, 'path:' for one file", *path));
  } else {
    check->target = path ? *path : *glob;
    check->glob = glob.has_value();
    if (auto problem = path_shape_problem(check->target); !problem.empty()) spec.error(path ? "path" : "glob", problem);
  }
  check->include_ignored = spec.boolean("include_ignored").value_or(false);
  if (check->include_ignored && !check->glob) spec.error("include_ignored", "'include_ignored' goes with 'glob'");
  check->every = spec.boolean("every").value_or(false);
  if (check->every && !check->glob) spec.error("every", "'every' goes with 'glob'");
  check->expect_absent = !spec.boolean("exists").value_or(true);
  if (spec.has("count")) {
    if (!check->glob) spec.error("count", "'count' goes with 'glob'");
    check->count = read_count_range(spec.node("count"), "'count'", spec.file(), spec.diagnostics());
  }
  check->contains = spec.string_list("contains").value_or(std::vector<std::string>{});
  check->not_contains = spec.string_list("not_contains").value_or(std::vector<std::string>{});
  check->matches = read_regex_list(spec, "matches").value_or(std::vector<LabRegex>{});
  check->not_matches = read_regex_list(spec, "not_matches").value_or(std::vector<LabRegex>{});
  if (spec.has("lines"))
    check->lines = read_count_range(spec.node("lines"), "'lines'", spec.file(), spec.diagnostics());
  check->parses_as = spec.string("parses_as").value_or("");
  if (!check->parses_as.empty() && check->parses_as != "yaml" && check->parses_as != "json") {
    spec.error("parses_as", fmt::format("'parses_as' must be yaml or json, found '{}'", check->parses_as));
  }
  check->has_keys = spec.string_list("has_keys").value_or(std::vector<std::string>{});
  if (!check->has_keys.empty() && check->parses_as.empty()) {
    spec.error("has_keys", "'has_keys' needs 'parses_as: yaml' or 'parses_as: json'");
  }
  if (check->expect_absent && (check->inspects_content() || check->count)) {
    spec.error("exists", "'exists: false' cannot be combined with checks of the file's content or count");
  }
  return check;
}

}  // namespace labkit
