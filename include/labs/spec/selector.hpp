#pragma once

#include <labs/spec/loader.hpp>

#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// A parsed selector: `week2`, `w2`, `day11`, `mlops/week2`, `git-basics`,
/// `week2/<item-id>`, `all`. Grammar in docs/selectors.md.
struct Selector {
  enum class Kind { all, week, day, lab };
  std::string text;   ///< as the user typed it
  std::string track;  ///< "" means the default track
  Kind kind = Kind::all;
  int number = 0;       ///< week or day
  std::string lab_id;   ///< for Kind::lab
  std::string item_id;  ///< "" means every item
};

/// nullopt with `error` set when the text is not a selector. `tracks` are the
/// bundle's track names, which tell `mlops/git-basics` (track/lab) from
/// `git-basics/first-commits` (lab/item).
std::optional<Selector> parse_selector(const std::string& text, const std::vector<std::string>& tracks,
                                       std::string& error);

/// The distinct tracks of a bundle, sorted.
std::vector<std::string> bundle_tracks(const Bundle& bundle);

/// A lab picked by selectors, with the items to run ("" = all of them).
struct Selection {
  const LoadedLab* lab = nullptr;
  std::vector<std::string> item_ids;
};

/// Resolves selectors against a bundle, in catalog order (track, week, days).
/// An unknown selector or item gives an error naming what exists instead.
std::vector<Selection> select_labs(const Bundle& bundle, const std::vector<Selector>& selectors,
                                   const std::string& default_track, std::string& error);

/// For a run over a catalog known to be valid (the one compiled into labs,
/// which its tests check): every lab's header only, then load_named_labs
/// loads whole just the labs the run's selectors name — reading the whole
/// catalog was a sixth of a `labs verify`. No milestones are loaded.
Bundle load_bundle_headers(const std::vector<LabSource>& sources);
void load_named_labs(Bundle& bundle, const std::vector<LabSource>& sources, const std::vector<Selector>& selectors,
                     const std::string& default_track);

}  // namespace labkit
