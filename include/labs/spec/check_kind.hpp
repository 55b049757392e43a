#pragma once
// The contract of a check kind: one row of checks/registry.cpp says all that
// labs knows of a kind — its name, what it checks, the keys it accepts, how it
// is built, and whether it runs the learner's code.

#include <labs/model/check.hpp>
#include <labs/spec/spec_reader.hpp>

#include <memory>
#include <span>
#include <string_view>

namespace labkit {

/// Whether a kind's steps run the learner's code (probes). Such steps are
/// left out by --no-probes, taken by worker threads and run under grading's
/// limits, so every row must say it. Their results are cached unless they
/// depend on more than the work tree and its virtualenv (`runs_uncached`:
/// a container engine's images, which the engine caches itself).
enum class LearnerCode : unsigned char { not_run, runs, runs_uncached };

/// Builds a check from the keys under its kind, read through `spec`, which
/// already knows the kind's keys and reported unknown ones. Problems go to
/// spec.diagnostics(); parse_steps drops a step whose parse reported one.
using CheckParser = std::unique_ptr<Check> (*)(SpecMap& spec);

/// One row of the check-kind table. Every field is required (there is no
/// default to forget).
struct CheckKind {
  constexpr CheckKind(std::string_view kind_name, std::string_view kind_summary,
                      std::span<const std::string_view> kind_keys, CheckParser kind_parse,
                      LearnerCode kind_learner_code)
      : name(kind_name), summary(kind_summary), keys(kind_keys), parse(kind_parse), learner_code(kind_learner_code) {}

  std::string_view name;
  std::string_view summary;
  std::span<const std::string_view> keys;  ///< the keys a step of this kind may have
  CheckParser parse;
  LearnerCode learner_code;

  bool runs_learner_code() const { return learner_code != LearnerCode::not_run; }
  bool cacheable() const { return learner_code == LearnerCode::runs; }
};

/// The one table of check kinds (checks/registry.cpp).
std::span<const CheckKind> check_kinds();
const CheckKind* find_check_kind(std::string_view name);

}  // namespace labkit
