#include <labs/model/steps.hpp>
#include <labs/spec/loader.hpp>
#include <labs/spec/milestones.hpp>
#include <labs/spec/spec_reader.hpp>
#include <labs/spec/step_parser.hpp>
#include <labs/spec/yaml_document.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>

namespace labkit {

namespace {

constexpr long kSchemaVersion = 1;

/// Folded YAML text (`>`) ends in a newline that reports should not show.
std::string without_trailing_space(const std::optional<std::string>& text) {
  std::string value = text.value_or("");
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  return value;
}

bool is_identifier(const std::string& text) {
  const auto allowed = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; };
  return !text.empty() && text[0] != '-' && text[0] != '_' && std::all_of(text.begin(), text.end(), allowed);
}

std::optional<std::string> read_identifier(SpecMap& spec, const char* key) {
  auto value = spec.string(key, true);
  if (value && !is_identifier(*value)) {
    spec.error(key, fmt::format("'{}' must be lower-case letters, digits, '-' or '_' (found '{}')", key, *value));
    return std::nullopt;
  }
  return value;
}

/// `[first, last]` or `[n]`, each from 1 to `limit`.
std::optional<DayRange> read_range(SpecMap& spec, const char* key, long limit) {
  const YAML::Node node = spec.node(key);
  if (!node.IsDefined()) return std::nullopt;
  std::vector<long> bounds;
  if (node.IsSequence()) {
    for (const auto& element : node) {
      long value = 0;
      if (!element.IsScalar() || !YAML::convert<long>::decode(element, value)) break;
      bounds.push_back(value);
    }
  }
  const bool shaped = node.IsSequence() && bounds.size() == node.size() && (bounds.size() == 1 || bounds.size() == 2);
  if (!shaped) {
    spec.error(key, fmt::format("'{}' must be [first, last] or [n], e.g. [3, 4]", key));
    return std::nullopt;
  }
  const DayRange range{static_cast<int>(bounds.front()), static_cast<int>(bounds.back())};
  if (range.first < 1 || range.last > limit || range.first > range.last) {
    spec.error(key, fmt::format("'{}' must run upwards from 1 to at most {}, found [{}, {}]", key, limit, range.first,
                                range.last));
    return std::nullopt;
  }
  return range;
}

void read_steps(const YAML::Node& node, Item& item, const std::string& file, Diagnostics& diagnostics) {
  if (!node.IsSequence() || node.size() == 0) {
    diagnostics.error(location_of(node, file),
                      fmt::format("item '{}': 'verify' must be a non-empty list of steps", item.id));
    return;
  }
  item.steps = parse_steps(node, file, diagnostics);
}

/// `manual: {evidence: TEXT, counts_in_ci: BOOL}`.
ManualSpec read_manual(const YAML::Node& node, const std::string& file, Diagnostics& diagnostics) {
  SpecMap spec(node, "manual item", {"evidence", "counts_in_ci"}, file, diagnostics);
  if (!spec.is_map()) return {};
  return {without_trailing_space(spec.text("evidence", true)), spec.boolean("counts_in_ci").value_or(false)};
}

/// `cheats:` or `variants:`: a list of {script: SCRIPT, fails|passes: [ITEM...], open: WHY}.
std::vector<SelftestCase> read_selftest_cases(const YAML::Node& list, const char* what, const char* items_key,
                                              bool items_required, const std::string& file, Diagnostics& diagnostics) {
  std::vector<SelftestCase> cases;
  if (!list) return cases;
  if (!list.IsSequence()) {
    diagnostics.error(location_of(list, file),
                      fmt::format("{} must be a list of {{script: SCRIPT, {}: [ITEM...]}}", what, items_key));
    return cases;
  }
  for (const auto& entry : list) {
    SpecMap spec(entry, what, {"script", items_key, "open"}, file, diagnostics);
    if (!spec.is_map()) continue;
    auto script = spec.string("script", true);
    auto items = spec.string_list(items_key, items_required);
    if (script)
      cases.push_back({*script, items.value_or(std::vector<std::string>{}), spec.string("open").value_or("")});
  }
  return cases;
}

/// `selftest: {reference: SCRIPT, starter: SCRIPT, cheats: [...], variants: [...]}`,
/// paths relative to the lab file.
std::optional<LabSelftest> read_selftest(const YAML::Node& node, const std::string& file, Diagnostics& diagnostics) {
  SpecMap spec(node, "selftest", {"reference", "starter", "cheats", "variants"}, file, diagnostics);
  if (!spec.is_map()) return std::nullopt;
  auto reference = spec.string("reference", true);
  auto starter = spec.string("starter", true);
  if (!reference || !starter) return std::nullopt;
  return LabSelftest{*reference, *starter,
                     read_selftest_cases(spec.node("cheats"), "a cheat", "fails", true, file, diagnostics),
                     read_selftest_cases(spec.node("variants"), "a variant", "passes", false, file, diagnostics)};
}

/// Every item a cheat or variant names is an item of the lab.
void check_selftest_items(const Lab& lab, const YAML::Node& node, Diagnostics& diagnostics) {
  if (!lab.selftest) return;
  for (const auto* cases : {&lab.selftest->cheats, &lab.selftest->variants}) {
    for (const auto& one : *cases) {
      for (const auto& id : one.items) {
        if (!lab.find_item(id))
          diagnostics.error(location_of(node, lab.source),
                            fmt::format("selftest: {} names '{}', which is no item of this lab", one.script, id));
      }
    }
  }
}

/// Every `needs` names an item of the lab, and no item needs itself through others.
void check_needs(const Lab& lab, Diagnostics& diagnostics) {
  for (const auto& item : lab.items) {
    for (const auto& needed : item.needs) {
      if (!lab.find_item(needed)) {
        std::vector<std::string> ids;
        for (const auto& other : lab.items) ids.push_back(other.id);
        const auto suggestion = did_you_mean(needed, ids);
        diagnostics.error(item.where,
                          fmt::format("item '{}' needs '{}', which is not an item of this lab{}", item.id, needed,
                                      suggestion.empty() ? "" : fmt::format(" (did you mean '{}'?)", suggestion)));
      }
    }
  }
  // Depth-first search for a cycle: 1 = on the current path, 2 = done.
  std::map<std::string, int> state;
  std::function<bool(const Item&, std::vector<std::string>&)> visit = [&](const Item& item,
                                                                          std::vector<std::string>& path) {
    state[item.id] = 1;
    path.push_back(item.id);
    for (const auto& needed : item.needs) {
      const Item* next = lab.find_item(needed);
      if (!next) continue;
      if (state[needed] == 1) {
        path.push_back(needed);
        return true;
      }
      if (state[needed] == 0 && visit(*next, path)) return true;
    }
    path.pop_back();
    state[item.id] = 2;
    return false;
  };
  for (const auto& item : lab.items) {
    std::vector<std::string> path;
    if (state[item.id] == 0 && visit(item, path)) {
      diagnostics.error(item.where, fmt::format("items need each other in a circle: {}", fmt::join(path, " → ")));
      return;
    }
  }
}

void read_items(const YAML::Node& node, Lab& lab, Diagnostics& diagnostics) {
  if (!node.IsSequence() || node.size() == 0) {
    diagnostics.error(location_of(node, lab.source), "'items' must be a non-empty list of checklist items");
    return;
  }
  std::map<std::string, SourceLocation> seen;
  for (const auto& item_node : node) {
    SpecMap spec(item_node, "item",
                 {"id", "text", "hint", "why", "points", "verify", "needs", "retries", "retry_delay", "inputs",
                  "local_only", "manual"},
                 lab.source, diagnostics);
    if (!spec.is_map()) continue;
    Item item;
    item.where = spec.location();
    item.id = read_identifier(spec, "id").value_or("");
    item.text = without_trailing_space(spec.text("text", true));
    item.hint = without_trailing_space(spec.text("hint"));
    item.why = without_trailing_space(spec.text("why"));
    item.points = static_cast<int>(spec.integer("points", 0, 1000).value_or(1));
    item.needs = spec.string_list("needs").value_or(std::vector<std::string>{});
    item.local_only = spec.boolean("local_only").value_or(false);
    item.retries = static_cast<int>(spec.integer("retries", 0, 10).value_or(0));
    item.inputs = spec.string_list("inputs").value_or(std::vector<std::string>{});
    if (auto delay = spec.number("retry_delay")) {
      if (*delay < 0 || *delay > 600)
        spec.error("retry_delay", "'retry_delay' is in seconds, from 0 to 600");
      else
        item.retry_delay = std::chrono::milliseconds(static_cast<long>(*delay * 1000));
    }
    if (!item.id.empty()) {
      auto [it, fresh] = seen.emplace(item.id, item.where);
      if (!fresh) {
        spec.error("id", fmt::format("duplicate item id '{}' (first used at line {})", item.id, it->second.line));
      }
    }
    if (spec.has("manual")) {
      if (spec.has("verify"))
        spec.error("verify", "a manual item is ticked by the learner: give 'manual' or 'verify', not both");
      item.manual = read_manual(spec.node("manual"), lab.source, diagnostics);
    } else {
      read_steps(spec.node("verify", true), item, lab.source, diagnostics);
    }
    lab.items.push_back(std::move(item));
  }
  check_needs(lab, diagnostics);
}

LoadedLab read_lab(const LabSource& source, std::string_view text, LoadDepth depth) {
  LoadedLab loaded;
  Lab& lab = loaded.lab;
  lab.source = source.name;
  Diagnostics& diagnostics = loaded.diagnostics;
  const auto root = parse_yaml_document(source.name, text, diagnostics);
  if (!root) return loaded;
  SpecMap spec(*root, "lab",
               {"schema", "id", "track", "week", "weeks", "days", "title", "summary", "items", "selftest"}, source.name,
               diagnostics);
  if (!spec.is_map()) return loaded;

  if (auto schema = spec.integer("schema", 1, 1000, true); schema && *schema != kSchemaVersion) {
    spec.error("schema",
               fmt::format("schema {} is not supported by this labs (it reads schema {})", *schema, kSchemaVersion));
  }
  auto id = read_identifier(spec, "id");
  auto track = read_identifier(spec, "track");
  std::optional<DayRange> weeks;
  if (spec.has("week") && spec.has("weeks")) {
    spec.error("weeks", "give either 'week' or 'weeks', not both");
  } else if (spec.has("weeks")) {
    weeks = read_range(spec, "weeks", 52);
  } else if (auto week = spec.integer("week", 1, 52, true)) {
    weeks = DayRange{static_cast<int>(*week), static_cast<int>(*week)};
  }
  lab.days = read_range(spec, "days", 366);
  lab.title = without_trailing_space(spec.text("title", true));
  lab.summary = without_trailing_space(spec.text("summary"));
  if (id && track && weeks) {
    lab.id = *id;
    lab.track = *track;
    lab.weeks = *weeks;
    loaded.header_ok = true;
  }
  if (depth == LoadDepth::header) return loaded;
  read_items(spec.node("items", true), lab, diagnostics);
  if (spec.has("selftest")) {
    lab.selftest = read_selftest(spec.node("selftest"), lab.source, diagnostics);
    check_selftest_items(lab, spec.node("selftest"), diagnostics);
  }
  return loaded;
}

}  // namespace

LoadedLab load_lab(const LabSource& source, LoadDepth depth) {
  // A file over the size limit is refused whole, never read up to its items.
  if (depth == LoadDepth::header && source.text.size() <= kMaxYamlFileBytes) {
    // The header keys come first in a lab file, so the text up to the items
    // is enough; when it is not (keys after the items), the whole is read.
    if (const auto items = source.text.find("\nitems:"); items != std::string_view::npos) {
      LoadedLab header = read_lab(source, source.text.substr(0, items + 1), depth);
      if (header.header_ok) return header;
    }
  }
  return read_lab(source, source.text, depth);
}

Bundle load_bundle(const std::vector<LabSource>& sources) {
  Bundle bundle;
  std::map<std::string, std::string> first_file;
  for (const auto& source : sources) {
    if (is_milestones_file(source)) {
      load_milestones(source, bundle.milestones, bundle.milestone_diagnostics);
      continue;
    }
    LoadedLab loaded = load_lab(source);
    if (loaded.header_ok) {
      auto [it, fresh] = first_file.emplace(loaded.lab.id, source.name);
      if (!fresh) {
        loaded.diagnostics.error({source.name, 0, 0},
                                 fmt::format("lab id '{}' is already used by {}", loaded.lab.id, it->second));
      }
    }
    bundle.labs.push_back(std::move(loaded));
  }
  check_milestone_items(bundle);
  return bundle;
}

}  // namespace labkit
