#pragma once
// CLI11's Range and NonNegativeNumber compare with < and >, which NaN never
// is: `--min-percent nan` passed every check and then every gate.

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cmath>
#include <string>

namespace labkit {

/// Accepts a finite number from `min` to `max`, so never nan or inf.
inline CLI::Validator finite_range(double min, double max) {
  return CLI::Validator(
      [min, max](const std::string& input) -> std::string {
        double value = 0;
        if (!CLI::detail::lexical_cast(input, value) || !std::isfinite(value))
          return fmt::format("{} is not a number", input);
        if (value < min || value > max) return fmt::format("{} is not between {:g} and {:g}", input, min, max);
        return "";
      },
      fmt::format("FLOAT in [{:g} - {:g}]", min, max));
}

}  // namespace labkit
