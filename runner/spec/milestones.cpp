// milestones.yaml: a track's roadmap checklist, each line tied to the items
// that prove it.
#include <labs/spec/milestones.hpp>
#include <labs/spec/spec_reader.hpp>
#include <labs/spec/yaml_document.hpp>

#include <fmt/format.h>

namespace labkit {

bool is_milestones_file(const LabSource& source) {
  return std::filesystem::path(source.name).filename() == "milestones.yaml";
}

void load_milestones(const LabSource& source, std::vector<Milestone>& milestones, Diagnostics& diagnostics) {
  const auto root = parse_yaml_document(source.name, source.text, diagnostics);
  if (!root) return;
  SpecMap spec(*root, "milestones file", {"schema", "track", "milestones"}, source.name, diagnostics);
  if (!spec.is_map()) return;
  if (auto schema = spec.integer("schema", 1, 1000, true); schema && *schema != 1) {
    spec.error("schema", fmt::format("schema {} is not supported by this labs (it reads schema 1)", *schema));
  }
  const auto track = spec.string("track", true);
  const YAML::Node list = spec.node("milestones", true);
  if (!list.IsDefined()) return;
  if (!list.IsSequence()) {
    diagnostics.error(location_of(list, source.name), "'milestones' must be a list of {after, text, items}");
    return;
  }
  for (const auto& node : list) {
    SpecMap entry(node, "milestone", {"after", "text", "items"}, source.name, diagnostics);
    if (!entry.is_map()) continue;
    Milestone milestone{track.value_or(""),
                        entry.string("after", true).value_or(""),
                        entry.text("text", true).value_or(""),
                        entry.text_variants("text"),
                        entry.string_list("items").value_or(std::vector<std::string>{}),
                        entry.has("items") ? entry.location("items") : entry.location()};
    milestones.push_back(std::move(milestone));
  }
}

void check_milestone_items(Bundle& bundle) {
  for (const auto& milestone : bundle.milestones) {
    for (const auto& reference : milestone.items) {
      const auto slash = reference.find('/');
      const std::string lab_id = reference.substr(0, slash);
      const std::string item_id = slash == std::string::npos ? "" : reference.substr(slash + 1);
      const LoadedLab* found = nullptr;
      for (const auto& loaded : bundle.labs) {
        if (loaded.lab.id == lab_id && loaded.lab.track == milestone.track) found = &loaded;
      }
      if (!found || !found->lab.find_item(item_id)) {
        bundle.milestone_diagnostics.error(milestone.where,
                                           fmt::format("milestone '{}' names '{}', which is not an item "
                                                       "of a {} lab (write LAB/ITEM)",
                                                       milestone.text, reference, milestone.track));
      }
    }
  }
}

}  // namespace labkit
