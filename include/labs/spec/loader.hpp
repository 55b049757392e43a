#pragma once

#include <labs/base/diagnostics.hpp>
#include <labs/model/model.hpp>
#include <labs/spec/catalog.hpp>

#include <string>
#include <vector>

namespace labkit {

/// A lab file after loading: the lab (as far as it could be read) and every
/// problem found in it. `header_ok` says whether id, track and week were read,
/// so the lab can still be matched by a selector.
struct LoadedLab {
  Lab lab;
  Diagnostics diagnostics;
  bool header_ok = false;
  bool valid() const { return header_ok && diagnostics.empty(); }
};

enum class LoadDepth {
  whole,
  header,  ///< id, track, weeks, days, title and summary: enough to match a selector
};

/// Parses and validates one lab file, or only its header.
LoadedLab load_lab(const LabSource& source, LoadDepth depth = LoadDepth::whole);

/// All labs of a bundle; a lab id used twice is an error of the later file.
/// Files named milestones.yaml hold a track's roadmap checklist instead.
struct Bundle {
  std::vector<LoadedLab> labs;
  std::vector<Milestone> milestones;
  Diagnostics milestone_diagnostics;  ///< problems of the milestones files
};

Bundle load_bundle(const std::vector<LabSource>& sources);

}  // namespace labkit
