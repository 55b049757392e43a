#pragma once

#include <chrono>

namespace labkit {

/// A probe's time limit when neither its step nor --timeout sets one.
inline constexpr std::chrono::seconds kDefaultProbeTimeout{120};

}  // namespace labkit
