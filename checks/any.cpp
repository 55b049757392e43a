// The `any` check: alternatives. The step passes when one of its steps
// passes — a virtualenv or a conda environment, GitHub Actions or GitLab CI,
// pytest or unittest, /health or /healthz — so a learner who did the work
// another reasonable way is not failed for it.
#include <labs/model/check.hpp>
#include <labs/model/steps.hpp>
#include <labs/spec/spec_reader.hpp>
#include <labs/spec/step_parser.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace labkit {

namespace {

class AnyCheck final : public Check {
 public:
  std::vector<Step> alternatives;

  std::string describe() const override {
    std::vector<std::string> each;
    each.reserve(alternatives.size());
    for (const auto& step : alternatives) each.push_back(step.check->describe());
    return fmt::format("one of: {}", fmt::join(each, " | "));
  }

  /// A probe when one alternative is, cached only when every one may be.
  std::optional<Probing> probing() const override {
    const auto probe = [](const Step& step) { return step.runs_learner_code; };
    const auto cacheable = [](const Step& step) { return step.cacheable || !step.runs_learner_code; };
    return Probing{std::any_of(alternatives.begin(), alternatives.end(), probe),
                   std::all_of(alternatives.begin(), alternatives.end(), cacheable)};
  }

  /// In order, until one passes. With none passing: an error when one could
  /// not be judged (the absence is not proven), else a fail naming what each
  /// alternative found, else (all skipped) a skip.
  StepOutcome run(const CheckContext& context) const override {
    std::vector<StepOutcome> outcomes;
    for (const auto& step : alternatives) {
      outcomes.push_back(run_guarded(step, context));
      if (outcomes.back().status == Status::pass) {
        StepOutcome passed = outcomes.back();
        if (alternatives.size() > 1)
          passed.evidence +=
              fmt::format(" ({}, alternative {} of {})", step.kind, outcomes.size(), alternatives.size());
        return passed;
      }
    }
    const auto with = [&](Status status) {
      return std::any_of(outcomes.begin(), outcomes.end(), [&](const StepOutcome& o) { return o.status == status; });
    };
    const Status status = with(Status::error) ? Status::error : with(Status::fail) ? Status::fail : Status::skip;
    std::vector<std::string> each;
    for (std::size_t i = 0; i < outcomes.size(); ++i)
      each.push_back(fmt::format("{}) {}: {}", i + 1, alternatives[i].kind, outcomes[i].evidence));
    const auto closest =
        std::find_if(outcomes.begin(), outcomes.end(), [](const StepOutcome& o) { return !o.path.empty(); });
    return {status, fmt::format("none of the {} alternatives passed:\n{}", outcomes.size(), fmt::join(each, "\n")),
            closest == outcomes.end() ? "" : closest->path, closest == outcomes.end() ? 0 : closest->line};
  }
};

}  // namespace

std::unique_ptr<Check> parse_any_check(SpecMap& spec) {
  auto check = std::make_unique<AnyCheck>();
  const YAML::Node of = spec.node("of", true);
  if (of.IsDefined() && (!of.IsSequence() || of.size() < 2)) {
    spec.error("of", "'of' must list two or more steps, one of which must pass");
  } else if (of.IsDefined()) {
    check->alternatives = parse_steps(of, spec.file(), spec.diagnostics(), {}, "any");
  }
  return check;
}

}  // namespace labkit
