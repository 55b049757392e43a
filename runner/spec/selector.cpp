#include <labs/base/strings.hpp>
#include <labs/spec/milestones.hpp>
#include <labs/spec/selector.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

namespace labkit {

namespace {

/// "week2" / "w2" → 2 for prefixes {"week", "w"}; 0 when it is not that form.
int numbered(const std::string& word, std::initializer_list<const char*> prefixes) {
  for (const char* prefix : prefixes) {
    const std::string_view p(prefix);
    if (word.size() <= p.size() || word.compare(0, p.size(), p) != 0) continue;
    int number = 0;
    const char* first = word.data() + p.size();
    const char* last = word.data() + word.size();
    auto [end, ec] = std::from_chars(first, last, number);
    if (ec == std::errc() && end == last && number > 0) return number;
  }
  return 0;
}

/// Reads the part that names labs: all, weekN, wN, dayN, dN or a lab id.
bool read_scope(const std::string& word, Selector& selector) {
  if (word.empty()) return false;
  if (word == "all") {
    selector.kind = Selector::Kind::all;
  } else if (int week = numbered(word, {"week", "w"})) {
    selector.kind = Selector::Kind::week;
    selector.number = week;
  } else if (int day = numbered(word, {"day", "d"})) {
    selector.kind = Selector::Kind::day;
    selector.number = day;
  } else {
    selector.kind = Selector::Kind::lab;
    selector.lab_id = word;
  }
  return true;
}

bool is_track(const std::string& word, const std::vector<std::string>& tracks) {
  return std::find(tracks.begin(), tracks.end(), word) != tracks.end();
}

bool matches(const Lab& lab, const Selector& selector, const std::string& track) {
  if (selector.kind == Selector::Kind::lab) return lab.id == selector.lab_id;
  if (lab.track != track) return false;
  switch (selector.kind) {
    case Selector::Kind::all:
      return true;
    case Selector::Kind::week:
      return lab.weeks.covers(selector.number);
    case Selector::Kind::day:
      return lab.days && lab.days->covers(selector.number);
    case Selector::Kind::lab:
      break;
  }
  return false;
}

std::string nothing_found(const Bundle& bundle, const Selector& selector, const std::string& track) {
  std::set<int> weeks;
  std::set<std::string> ids;
  const auto tracks = bundle_tracks(bundle);
  if (selector.kind != Selector::Kind::lab && std::find(tracks.begin(), tracks.end(), track) == tracks.end()) {
    return fmt::format("no lab is in track '{}' (tracks: {})", track, fmt::join(tracks, ", "));
  }
  for (const auto& loaded : bundle.labs) {
    if (!loaded.header_ok) continue;
    ids.insert(loaded.lab.id);
    if (loaded.lab.track != track) continue;
    for (int w = loaded.lab.weeks.first; w <= loaded.lab.weeks.last; ++w) weeks.insert(w);
  }
  switch (selector.kind) {
    case Selector::Kind::lab: {
      std::string message = fmt::format("no lab is called '{}'", selector.lab_id);
      auto suggestion = did_you_mean(selector.lab_id, {ids.begin(), ids.end()});
      return message +
             (suggestion.empty() ? " (labs list shows them)" : fmt::format(" (did you mean '{}'?)", suggestion));
    }
    case Selector::Kind::day:
      return fmt::format("no {} lab covers day {} (labs list shows the days)", track, selector.number);
    default:
      return fmt::format("no {} lab covers week {} (weeks with labs: {})", track, selector.number,
                         weeks.empty() ? "none" : fmt::format("{}", fmt::join(weeks, ", ")));
  }
}

}  // namespace

std::vector<std::string> bundle_tracks(const Bundle& bundle) {
  std::set<std::string> tracks;
  for (const auto& loaded : bundle.labs) {
    if (loaded.header_ok) tracks.insert(loaded.lab.track);
  }
  return {tracks.begin(), tracks.end()};
}

std::optional<Selector> parse_selector(const std::string& text, const std::vector<std::string>& tracks,
                                       std::string& error) {
  Selector selector;
  selector.text = text;
  std::vector<std::string> parts = split(text, '/');
  // A leading track is recognised by name; what follows is a scope and maybe an item.
  if (parts.size() >= 2 && is_track(parts[0], tracks)) {
    selector.track = parts[0];
    parts.erase(parts.begin());
  }
  bool ok = parts.size() <= 2 && read_scope(parts[0], selector);
  if (ok && parts.size() == 2) {
    selector.item_id = parts[1];
    ok = !selector.item_id.empty() && selector.kind != Selector::Kind::all;
  }
  if (!ok) {
    error = fmt::format(
        "'{}' is not a selector: use all, week2 (w2), day11 (d11), a lab id, "
        "optionally with a track first (mlops/week2) and an item last (week2/ITEM)",
        text);
    return std::nullopt;
  }
  return selector;
}

std::vector<Selection> select_labs(const Bundle& bundle, const std::vector<Selector>& selectors,
                                   const std::string& default_track, std::string& error) {
  // Lab index → item ids (empty set = whole lab).
  std::map<std::size_t, std::set<std::string>> picked;
  for (const auto& selector : selectors) {
    const std::string track = selector.track.empty() ? default_track : selector.track;
    bool any_lab = false;
    bool item_found = selector.item_id.empty();
    for (std::size_t i = 0; i < bundle.labs.size(); ++i) {
      const LoadedLab& loaded = bundle.labs[i];
      if (!loaded.header_ok || !matches(loaded.lab, selector, track)) continue;
      any_lab = true;
      if (selector.item_id.empty()) {
        picked[i].clear();
        picked[i].insert("");  // marks "every item"
      } else if (loaded.lab.find_item(selector.item_id)) {
        item_found = true;
        if (!picked[i].count("")) picked[i].insert(selector.item_id);
      }
    }
    if (!any_lab) {
      error = nothing_found(bundle, selector, track);
      return {};
    }
    if (!item_found) {
      error = fmt::format("'{}': no selected lab has an item '{}' (labs list {} shows the items)", selector.text,
                          selector.item_id, selector.text.substr(0, selector.text.rfind('/')));
      return {};
    }
  }
  std::vector<Selection> selections;
  for (const auto& [index, items] : picked) {
    Selection selection{&bundle.labs[index], {}};
    if (!items.count("")) selection.item_ids.assign(items.begin(), items.end());
    selections.push_back(std::move(selection));
  }
  std::stable_sort(selections.begin(), selections.end(), [](const Selection& a, const Selection& b) {
    const Lab& x = a.lab->lab;
    const Lab& y = b.lab->lab;
    const int x_day = x.days ? x.days->first : 0;
    const int y_day = y.days ? y.days->first : 0;
    return std::tie(x.track, x.weeks.first, x_day, x.id) < std::tie(y.track, y.weeks.first, y_day, y.id);
  });
  return selections;
}

Bundle load_bundle_headers(const std::vector<LabSource>& sources) {
  Bundle bundle;
  for (const auto& source : sources) {
    if (!is_milestones_file(source)) bundle.labs.push_back(load_lab(source, LoadDepth::header));
  }
  return bundle;
}

void load_named_labs(Bundle& bundle, const std::vector<LabSource>& sources, const std::vector<Selector>& selectors,
                     const std::string& default_track) {
  std::vector<const LabSource*> lab_sources;  // in the order load_bundle_headers read them
  for (const auto& source : sources) {
    if (!is_milestones_file(source)) lab_sources.push_back(&source);
  }
  // Matched by lab, whatever item a selector names: finding the item needs the
  // lab whole. A selector that matches nothing is reported by select_labs.
  std::vector<Selector> lab_selectors = selectors;
  for (auto& selector : lab_selectors) selector.item_id.clear();
  std::string error;
  std::vector<std::size_t> named;
  for (const auto& selection : select_labs(bundle, lab_selectors, default_track, error)) {
    named.push_back(static_cast<std::size_t>(selection.lab - bundle.labs.data()));
  }
  for (const std::size_t index : named) bundle.labs[index] = load_lab(*lab_sources[index]);
}

}  // namespace labkit
