#pragma once

#include <string_view>

namespace labkit {

/// How a step, an item or a lab ended.
enum class Status {
  pass,   ///< proven done
  fail,   ///< proven not done
  error,  ///< could not be checked (e.g. a shallow clone hides the history)
  skip,   ///< not checked, with a reason
};

std::string_view to_string(Status status);

/// The status of a group: any failure fails it, then any error, then any
/// skip; only a group whose every member passed passes.
Status combine(Status a, Status b);

}  // namespace labkit
