#pragma once

#include <labs/spec/loader.hpp>

namespace labkit {

/// A track's roadmap checklist lives in a file named milestones.yaml:
///   schema: 1
///   track: mlops
///   milestones:
///     - {after: week 1, text: Added logging, items: [python-env/logging]}
bool is_milestones_file(const LabSource& source);

void load_milestones(const LabSource& source, std::vector<Milestone>& milestones, Diagnostics& diagnostics);

/// Every item a milestone names must be an item of a lab of its track.
void check_milestone_items(Bundle& bundle);

}  // namespace labkit
