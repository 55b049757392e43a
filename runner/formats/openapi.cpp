#include <labs/formats/openapi.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

namespace labkit {

using nlohmann::json;

namespace {

constexpr int kMostDepth = 12;

/// Where in a field's range each variant puts its number.
constexpr std::array<double, 5> kFractions{0.5, 0.1, 0.9, 0.3, 0.7};
/// Numbers for fields without bounds, far enough apart for a model to notice.
constexpr std::array<double, 5> kFreeNumbers{1.5, 0.25, 42.0, 7.75, 1000.0};

/// "#/components/schemas/Features" resolved in the document.
const json* resolve(const json& document, const json& schema) {
  if (!schema.is_object() || !schema.contains("$ref")) return &schema;
  const std::string ref = schema["$ref"].is_string() ? schema["$ref"].get<std::string>() : "";
  if (!ref.starts_with("#/")) return nullptr;
  try {
    return &document.at(json::json_pointer(ref.substr(1)));
  } catch (const json::exception&) {
    return nullptr;
  }
}

std::optional<double> bound(const json& schema, const char* inclusive, const char* exclusive) {
  if (schema.contains(inclusive) && schema[inclusive].is_number()) return schema[inclusive].get<double>();
  if (schema.contains(exclusive) && schema[exclusive].is_number()) return schema[exclusive].get<double>();
  return std::nullopt;
}

json number_for(const json& schema, int variant, bool integer) {
  const auto low = bound(schema, "minimum", "exclusiveMinimum");
  const auto high = bound(schema, "maximum", "exclusiveMaximum");
  const auto index = static_cast<std::size_t>(variant) % kFractions.size();
  double value = kFreeNumbers[index];
  if (low && high) {
    value = *low + (*high - *low) * kFractions[index];
  } else if (low) {
    value = *low + kFreeNumbers[index] + 1;
  } else if (high) {
    value = *high - kFreeNumbers[index] - 1;
  }
  if (!integer) return value;
  long whole = std::lround(value);
  if (low && whole <= *low) whole = static_cast<long>(std::ceil(*low)) + (schema.contains("exclusiveMinimum") ? 1 : 0);
  if (high && whole >= *high)
    whole = static_cast<long>(std::floor(*high)) - (schema.contains("exclusiveMaximum") ? 1 : 0);
  return whole;
}

json string_for(const json& schema, int variant) {
  const std::string format = schema.value("format", "");
  if (format == "uuid")
    return variant % 2 ? "3f2b8c1e-9d4a-4e7b-8c2d-1a5f6e7d8c9b" : "0c9e6a52-4b1d-4f3a-9e2c-7d8b5a6f4e3d";
  if (format == "date") return variant % 2 ? "2024-06-30" : "2024-01-15";
  if (format == "date-time") return variant % 2 ? "2024-06-30T12:00:00Z" : "2024-01-15T08:30:00Z";
  if (format == "email") return fmt::format("learner{}@example.com", variant);
  const std::string text = fmt::format("sample {}", variant);
  const auto least = static_cast<std::size_t>(schema.value("minLength", 0));
  const auto most = static_cast<std::size_t>(schema.value("maxLength", 1000));
  std::string sized = text;
  while (sized.size() < least) sized += 'x';
  return sized.substr(0, std::max<std::size_t>(most, 1));
}

json value_for(const json& document, const json& given, int variant, int depth, std::string& error);

/// Every property, the optional ones too: a field with a default is still
/// one the model reads, and the variants must be able to change it. A
/// free-form mapping (`Dict[str, float]`) gets two keys of its value type.
json object_for(const json& document, const json& schema, int variant, int depth, std::string& error) {
  json object = json::object();
  const json properties = schema.value("properties", json::object());
  for (const auto& [name, property] : properties.items())
    object[name] = value_for(document, property, variant, depth + 1, error);
  if (properties.empty() && schema.contains("additionalProperties") && schema["additionalProperties"].is_object()) {
    const json& values = schema["additionalProperties"];
    for (const char* name : {"feature_1", "feature_2"})
      object[name] = value_for(document, values, variant, depth + 1, error);
  }
  return object;
}

json value_for(const json& document, const json& given, int variant, int depth, std::string& error) {
  const json* schema = resolve(document, given);
  if (!schema || depth > kMostDepth) {
    error = "the schema's references cannot be followed";
    return nullptr;
  }
  for (const char* choice : {"allOf", "anyOf", "oneOf"}) {
    if (schema->contains(choice) && (*schema)[choice].is_array() && !(*schema)[choice].empty())
      return value_for(document, (*schema)[choice][0], variant, depth + 1, error);
  }
  if (schema->contains("enum") && (*schema)["enum"].is_array() && !(*schema)["enum"].empty()) {
    const json& members = (*schema)["enum"];
    return members[static_cast<std::size_t>(variant) % members.size()];
  }
  const std::string type = schema->value("type", schema->contains("properties") ? "object" : "string");
  if (type == "integer" || type == "number") return number_for(*schema, variant, type == "integer");
  if (type == "boolean") return variant % 2 == 0;
  if (type == "array") {
    json items = json::array();
    const auto count = std::max<long>(1, schema->value("minItems", 1L));
    const json item = schema->value("items", json::object());
    for (long i = 0; i < count; ++i) items.push_back(value_for(document, item, variant, depth + 1, error));
    return items;
  }
  if (type == "object") return object_for(document, *schema, variant, depth, error);
  return string_for(*schema, variant);
}

/// "/todos/{todo_id}" serves "/todos/{id}" and "/todos/3".
bool same_route(const std::string& templated, const std::string& path) {
  std::size_t a = 0, b = 0;
  while (a < templated.size() && b < path.size()) {
    if (templated[a] == '{') {
      a = templated.find('}', a);
      if (a == std::string::npos) return false;
      ++a;
      b = std::min(path.find('/', b), path.size());
      continue;
    }
    if (templated[a] != path[b]) return false;
    ++a, ++b;
  }
  return a == templated.size() && b == path.size();
}

}  // namespace

std::optional<json> example_request_body(const json& openapi, const std::string& method, const std::string& path,
                                         int variant, std::string& error) {
  if (!openapi.is_object() || !openapi.contains("paths") || !openapi["paths"].is_object()) {
    error = "the OpenAPI document has no paths";
    return std::nullopt;
  }
  std::string verb = method;
  std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const auto& [route, operations] : openapi["paths"].items()) {
    if (!same_route(route, path) || !operations.is_object() || !operations.contains(verb)) continue;
    const json request_body = operations[verb].value("requestBody", json());
    const json* body = resolve(openapi, request_body);
    if (!body || !body->is_object() || !body->contains("content")) {
      error = fmt::format("{} {} takes no request body in the app's OpenAPI schema", method, route);
      return std::nullopt;
    }
    const json content = (*body)["content"];
    if (!content.contains("application/json")) {
      error = fmt::format("{} {} takes no JSON body in the app's OpenAPI schema", method, route);
      return std::nullopt;
    }
    const json schema = content["application/json"].value("schema", json::object());
    json value = value_for(openapi, schema, variant, 0, error);
    if (!error.empty()) return std::nullopt;
    return value;
  }
  error = fmt::format("the app's OpenAPI schema has no {} {}", method, path);
  return std::nullopt;
}

}  // namespace labkit
