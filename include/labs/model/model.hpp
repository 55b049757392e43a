#pragma once

#include <labs/base/diagnostics.hpp>
#include <labs/model/check.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace labkit {

/// One verification step: a check of one kind.
struct Step {
  std::string kind;
  SourceLocation where;
  std::shared_ptr<const Check> check;
  std::shared_ptr<const YAML::Node> definition;  ///< the step as written: for `labs explain` and its cache key
  bool runs_learner_code = false;                ///< its kind's (the registry row says)
  bool cacheable = false;                        ///< its result may be reused while its inputs stay the same
};

/// What a learner is asked to show for an item no machine can check (a
/// cloud deploy, an interview): they tick it with `labs tick`.
struct ManualSpec {
  std::string evidence;       ///< what to give as evidence ("the URL of your deployed API")
  bool counts_in_ci = false;  ///< a CI gate counts it only when the lab allows it
};

/// A checklist item; it passes when every one of its steps passes (a manual
/// item: when the learner ticked it with evidence).
struct Item {
  std::string id;
  std::string text;
  std::string hint;
  int points = 1;
  SourceLocation where;
  std::vector<Step> steps;
  std::vector<std::string> needs;  ///< items of the same lab that must pass first
  int retries = 0;                 ///< extra attempts when the item does not pass
  std::chrono::milliseconds retry_delay{std::chrono::seconds(1)};
  std::vector<std::string> inputs;  ///< globs of the files its probes depend on; empty = the whole work tree
  bool local_only = false;  ///< provable only on the learner's machine (a git-ignored virtualenv): skipped in CI
  std::string why;          ///< why it matters, for `labs explain`
  std::optional<ManualSpec> manual;  ///< set for a manual item, which has no steps

  bool runs_learner_code() const;
};

/// An inclusive range of days or weeks of the roadmap.
struct DayRange {
  int first = 0;
  int last = 0;
  bool covers(int n) const { return n >= first && n <= last; }
};

/// A repository a selftest script builds to prove some items one way: a
/// cheat (a stub that must not pass `items`) or a variant (another
/// reasonable solution that must pass `items`; empty = every automatic item).
struct SelftestCase {
  std::string script;
  std::vector<std::string> items;
  std::string open;  ///< why labs still gets this one wrong: reported, not failed, until fixed
};

/// How a lab proves itself (`labs selftest`): scripts, relative to the lab
/// file, that build a repository given as their argument — one that solves
/// the lab, one a learner starts from, stubs that cut corners and other
/// layouts of a real solution.
struct LabSelftest {
  std::string reference;
  std::string starter;
  std::vector<SelftestCase> cheats;
  std::vector<SelftestCase> variants;
};

/// One lab: a roadmap day or day range turned into a checklist.
struct Lab {
  std::string id;
  std::string track;
  std::string title;
  std::string summary;
  DayRange weeks;
  std::optional<DayRange> days;
  std::string source;  ///< the file it was read from, for messages
  std::vector<Item> items;
  std::optional<LabSelftest> selftest;

  const Item* find_item(const std::string& item_id) const;
  /// "week 1 · days 3-4", as reports head a lab
  std::string span_label() const;
};

/// A line of a roadmap's progress checklist ("after week 1: added
/// logging"), ticked when every item that proves it is done.
struct Milestone {
  std::string track;
  std::string after;                  ///< "week 1", "month 2"
  std::string text;                   ///< in text_language()
  std::vector<std::string> variants;  ///< the text in every language given
  std::vector<std::string> items;     ///< "lab/item"; none = no lab proves it yet
  SourceLocation where;
};

}  // namespace labkit
