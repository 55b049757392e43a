#pragma once
// Request bodies made from an app's own OpenAPI schema (FastAPI publishes it
// at /openapi.json), so a lab can call POST /predict without knowing the
// learner's data set: every field (optional ones too) gets a value of its type, within
// its bounds and enums.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace labkit {

/// A valid JSON body for `method path` of `openapi`; `variant` 0, 1, 2...
/// gives different valid bodies (other numbers, other enum members).
/// nullopt with `error` when the schema has no JSON body for that route.
std::optional<nlohmann::json> example_request_body(const nlohmann::json& openapi, const std::string& method,
                                                   const std::string& path, int variant, std::string& error);

}  // namespace labkit
