// The `http` check: one request to the server of the enclosing `service`
// step, judged by status, headers, body text and JSON values. A step may
// save a value of its answer (`save: {id: id}`) that later steps put in their
// path or body (`/tasks/{id}`): a CRUD sequence follows the ids the API gives.
#include <labs/base/text_match.hpp>
#include <labs/formats/openapi.hpp>
#include <labs/model/check.hpp>
#include <labs/process/http_client.hpp>
#include <labs/spec/lab_regex.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace labkit {

namespace {

using nlohmann::json;

/// Non-finite numbers are errors of `spec`: JSON has none (nlohmann would
/// send NaN as null), and an expected NaN would equal nothing.
json to_json(const YAML::Node& node, SpecMap& spec) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json object = json::object();
      for (const auto& entry : node) object[entry.first.Scalar()] = to_json(entry.second, spec);
      return object;
    }
    case YAML::NodeType::Sequence: {
      json array = json::array();
      for (const auto& element : node) array.push_back(to_json(element, spec));
      return array;
    }
    case YAML::NodeType::Scalar: {
      // Quoted YAML scalars stay strings; plain ones become numbers or booleans when they read as such.
      if (node.Tag() == "!") return node.Scalar();
      long integer;
      double number;
      bool boolean;
      if (YAML::convert<long>::decode(node, integer)) return integer;
      if (YAML::convert<double>::decode(node, number)) {
        if (!std::isfinite(number)) {
          spec.diagnostics().error(location_of(node, spec.file()),
                                   fmt::format("'{}' is not a JSON number: JSON has no NaN or infinity "
                                               "(quote it to send the text)",
                                               node.Scalar()));
        }
        return number;
      }
      if (YAML::convert<bool>::decode(node, boolean)) return boolean;
      return node.Scalar();
    }
    default:
      return nullptr;
  }
}

const json* find_path(const json& root, const std::string& path) {
  const json* node = &root;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    const std::string part = path.substr(start, dot - start);
    if (node->is_object() && node->contains(part)) {
      node = &(*node)[part];
    } else if (node->is_array() && !part.empty() && part.find_first_not_of("0123456789") == std::string::npos &&
               std::stoul(part) < node->size()) {
      node = &(*node)[std::stoul(part)];
    } else {
      return nullptr;
    }
    start = dot + 1;
  }
  return node;
}

std::string type_of(const json& value) {
  if (value.is_number()) return "number";
  if (value.is_string()) return "string";
  if (value.is_boolean()) return "boolean";
  if (value.is_array()) return "array";
  if (value.is_object()) return "object";
  return "null";
}

std::string url_encode(const std::string& text) {
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
      encoded += static_cast<char>(c);
    else
      encoded += fmt::format("%{:02X}", c);
  }
  return encoded;
}

class HttpCheck final : public Check {
 public:
  std::string method = "GET";
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::vector<std::string> statuses{"200"};  ///< codes ("201") or classes ("2xx")
  std::optional<long> max_ms;
  std::vector<std::string> body_contains;
  std::vector<std::string> body_lacks;  ///< text that must be gone (a deleted task)
  std::vector<LabRegex> body_matches;
  std::map<std::string, std::string> header_contains;
  std::map<std::string, std::string> json_types;
  std::map<std::string, json> json_equals;
  std::chrono::milliseconds timeout{std::chrono::seconds(10)};
  bool body_from_schema = false;  ///< `json: auto`: made from the app's OpenAPI schema
  /// A JSON path whose value other valid inputs must be able to change;
  /// kWholeBody for `varies: true`.
  std::string varies;
  static constexpr const char* kWholeBody = "(the whole body)";
  std::map<std::string, std::string> save;  ///< name → JSON path of the answer, for later steps

  std::string describe() const override {
    return fmt::format("{} {} answers {}", method, path, fmt::join(statuses, " or "));
  }

  StepOutcome run(const CheckContext& context) const override {
    if (context.service_port == 0)
      return {Status::error, "an http step runs inside a service step, which starts the server"};
    std::optional<json> openapi;
    std::string sent = body;
    if (body_from_schema) {
      std::string problem;
      openapi = fetch_openapi(context.service_port, problem);
      const auto made = openapi ? example_request_body(*openapi, method, path, 0, problem) : std::nullopt;
      if (!made) return {Status::fail, fmt::format("{} {}: no request body could be made: {}", method, path, problem)};
      sent = made->dump();
    }
    std::string target = path;
    if (context.saved) {
      fill_saved(target, *context.saved);
      fill_saved(sent, *context.saved);
    }
    if (const auto missing = unfilled_name(target); !missing.empty()) {
      return {Status::fail, fmt::format("{} {}: no {{{}}} to put in the path, because the step that saves it did "
                                        "not pass",
                                        method, path, missing)};
    }
    HttpResponse response;
    StepOutcome outcome = judge(context.service_port, target, sent, response);
    if (outcome.status == Status::pass && !save.empty()) outcome = keep_saved(response, target, context, outcome);
    if (outcome.status != Status::pass || varies.empty() || !openapi) return outcome;
    return judge_variation(context.service_port, *openapi, sent, outcome);
  }

 private:
  static void fill_saved(std::string& text, const std::map<std::string, std::string>& saved) {
    for (const auto& [name, value] : saved) {
      const std::string placeholder = "{" + name + "}";
      for (std::size_t at = 0; (at = text.find(placeholder, at)) != std::string::npos; at += value.size())
        text.replace(at, placeholder.size(), value);
    }
  }

  /// The first `{name}` left in a path: a value no earlier step saved.
  static std::string unfilled_name(const std::string& target) {
    const auto open = target.find('{');
    const auto close = target.find('}', open == std::string::npos ? 0 : open);
    return open == std::string::npos || close == std::string::npos ? "" : target.substr(open + 1, close - open - 1);
  }

  /// Saves the answer's values that later steps use; an answer without
  /// them fails here, where the learner can see why.
  StepOutcome keep_saved(const HttpResponse& response, const std::string& target, const CheckContext& context,
                         StepOutcome outcome) const {
    const json document = json::parse(response.body, nullptr, false);
    std::vector<std::string> kept;
    for (const auto& [name, json_path] : save) {
      const json* value = document.is_discarded() ? nullptr : find_path(document, json_path);
      if (!value || value->is_structured() || value->is_null()) {
        return {Status::fail, fmt::format("{} {}: the answer has no '{}' to use in later requests: {}", method, target,
                                          json_path, quote(response.body, 160))};
      }
      const std::string text = value->is_string() ? value->get<std::string>() : value->dump();
      if (context.saved) (*context.saved)[name] = text;
      kept.push_back(fmt::format("{} = {}", json_path, text));
    }
    outcome.evidence += fmt::format(" ({})", fmt::join(kept, ", "));
    return outcome;
  }

  /// The app's own OpenAPI document (FastAPI serves it at /openapi.json).
  std::optional<json> fetch_openapi(unsigned short port, std::string& problem) const {
    const HttpResponse response =
        http_request({"GET", "127.0.0.1", port, "/openapi.json", {}, "", std::chrono::seconds(10)});
    json document = json::parse(response.body, nullptr, false);
    if (response.error.empty() && response.status == 200 && !document.is_discarded()) return document;
    problem =
        "the app publishes no OpenAPI schema at /openapi.json (FastAPI does; a Flask app can list its body "
        "in the lab instead)";
    return std::nullopt;
  }

  /// Other valid inputs, made from the schema, until the value at `varies`
  /// changes: a constant answer is not a model.
  StepOutcome judge_variation(unsigned short port, const json& openapi, const std::string& first_body,
                              StepOutcome first) const {
    const std::string call = fmt::format("{} {}", method, path);
    const HttpResponse again = http_request({method, "127.0.0.1", port, path, headers, first_body, timeout});
    const auto original = answer_of(again, first_body);
    if (!original)
      return {Status::fail, fmt::format("{}: the JSON has no '{}': {}", call, varies, quote(again.body, 120))};
    std::vector<std::string> inputs{quote(first_body, 80)};
    for (int variant = 1; variant < kVariants; ++variant) {
      std::string problem;
      const auto made = example_request_body(openapi, method, path, variant, problem);
      if (!made || made->dump() == first_body) continue;  // nothing in the schema to vary
      const std::string sent = made->dump();
      const HttpResponse response = http_request({method, "127.0.0.1", port, path, headers, sent, timeout});
      // Only an answer counts: a 422 or 500 for the other input is no prediction.
      if (response.status < 200 || response.status > 299) continue;
      inputs.push_back(quote(sent, 80));
      const auto value = answer_of(response, sent);
      if (value && *value != *original) {
        first.evidence += fmt::format("; {} changes with the input ({} for {}, {} for {})", what_varies(),
                                      original->dump(), inputs.front(), value->dump(), inputs.back());
        return first;
      }
    }
    if (inputs.size() == 1) {
      first.evidence += "; no other input made from the schema was accepted, so labs could not try other inputs";
      return first;
    }
    return {Status::fail, fmt::format("{}: {} was {} for {} different valid inputs made from the app's schema ({}): "
                                      "a constant answer is not a prediction",
                                      call, what_varies(), original->dump(), inputs.size(), fmt::join(inputs, ", "))};
  }

  /// What `varies` compares: the value at its path, or for the whole body
  /// the body without what it echoes of the request (an answer that only
  /// repeats its input is not a prediction).
  std::optional<json> answer_of(const HttpResponse& response, const std::string& sent) const {
    json document = json::parse(response.body, nullptr, false);
    if (document.is_discarded()) return std::nullopt;
    if (varies != kWholeBody) {
      const json* value = find_path(document, varies);
      return value ? std::optional<json>(*value) : std::nullopt;
    }
    std::set<std::string> echoed;
    const auto collect = [&](const auto& self, const json& node) -> void {
      if (node.is_structured()) {
        for (const auto& child : node) self(self, child);
      } else {
        echoed.insert(node.dump());
      }
    };
    collect(collect, json::parse(sent, nullptr, false));
    const auto strip = [&](const auto& self, json& node) -> void {
      if (node.is_object()) {
        for (auto at = node.begin(); at != node.end();) {
          if (!at->is_structured() && echoed.contains(at->dump())) {
            at = node.erase(at);
          } else {
            self(self, *at);
            ++at;
          }
        }
      } else if (node.is_array()) {
        for (auto& child : node) self(self, child);
      }
    };
    strip(strip, document);
    return document;
  }

  static constexpr int kVariants = 5;

  std::string what_varies() const { return varies == kWholeBody ? "the answer" : "'" + varies + "'"; }

  StepOutcome judge(unsigned short port, const std::string& target, const std::string& sent,
                    HttpResponse& response) const {
    const HttpRequest request{method, "127.0.0.1", port, target, headers, sent, timeout};
    response = http_request(request);
    const std::string call = fmt::format("{} {}", method, target);
    if (!response.error.empty()) return {Status::fail, fmt::format("{}: {}", call, response.error)};
    const std::string got = std::to_string(response.status);
    const auto matches = [&](const std::string& expected) {
      return expected == got || (expected.ends_with("xx") && got.size() == 3 && got.front() == expected.front());
    };
    if (std::none_of(statuses.begin(), statuses.end(), matches)) {
      return {Status::fail, fmt::format("{} answered {}, expected {}; body: {}", call, response.status,
                                        fmt::join(statuses, " or "), quote(response.body, 200))};
    }
    if (max_ms && response.elapsed.count() > *max_ms) {
      return {Status::fail, fmt::format("{} took {} ms, limit {} ms", call, response.elapsed.count(), *max_ms)};
    }
    for (const auto& [name, needle] : header_contains) {
      if (response.header(name).find(needle) == std::string::npos) {
        return {Status::fail, fmt::format("{}: header {} is '{}', expected it to contain '{}'", call, name,
                                          response.header(name), needle)};
      }
    }
    for (const auto& needle : body_contains) {
      if (response.body.find(needle) == std::string::npos) {
        return {Status::fail, fmt::format("{}: the body does not contain '{}'", call, needle)};
      }
    }
    for (const auto& needle : body_lacks) {
      if (response.body.find(needle) != std::string::npos) {
        return {Status::fail, fmt::format("{}: the body still contains '{}'", call, needle)};
      }
    }
    for (const auto& regex : body_matches) {
      if (find_regex(response.body, regex.compiled, regex.min_count).count < regex.min_count) {
        return {Status::fail, fmt::format("{}: the body has no match for /{}/", call, regex.pattern)};
      }
    }
    if (!json_types.empty() || !json_equals.empty()) {
      const json document = json::parse(response.body, nullptr, false);
      if (document.is_discarded())
        return {Status::fail, fmt::format("{}: the body is not JSON: {}", call, quote(response.body, 120))};
      for (const auto& [key, type] : json_types) {
        const json* value = find_path(document, key);
        if (!value)
          return {Status::fail, fmt::format("{}: the JSON has no '{}': {}", call, key, quote(response.body, 120))};
        if (type_of(*value) != type) {
          return {Status::fail,
                  fmt::format("{}: '{}' is a {} ({}), expected a {}", call, key, type_of(*value), value->dump(), type)};
        }
      }
      for (const auto& [key, expected] : json_equals) {
        const json* value = find_path(document, key);
        if (!value || *value != expected) {
          return {Status::fail, fmt::format("{}: '{}' is {}, expected {}", call, key, value ? value->dump() : "missing",
                                            expected.dump())};
        }
      }
    }
    return {Status::pass, fmt::format("{} answered {} in {} ms", call, response.status, response.elapsed.count())};
  }
};

std::map<std::string, std::string> read_string_map(SpecMap& spec, const char* key) {
  std::map<std::string, std::string> values;
  const YAML::Node node = spec.node(key);
  if (!node.IsDefined()) return values;
  if (!node.IsMap()) {
    spec.error(key, fmt::format("'{}' in http check must be a mapping of names to text", key));
    return values;
  }
  for (const auto& entry : node) {
    if (!entry.second.IsScalar()) {
      spec.diagnostics().error(location_of(entry.second, spec.file()),
                               fmt::format("each value of '{}' must be text", key));
      continue;
    }
    values[entry.first.Scalar()] = entry.second.Scalar();
  }
  return values;
}

/// `save:` names → JSON paths; a name goes into later paths as {name}.
std::map<std::string, std::string> read_save(SpecMap& spec) {
  auto save = read_string_map(spec, "save");
  for (const auto& [name, json_path] : save) {
    const bool word = !name.empty() && std::all_of(name.begin(), name.end(),
                                                   [](unsigned char c) { return std::isalnum(c) || c == '_'; });
    if (!word || json_path.empty())
      spec.error("save", fmt::format("'save' maps a name (letters, digits, _) to a JSON path of the answer, "
                                     "not '{}: {}'",
                                     name, json_path));
  }
  return save;
}

}  // namespace

std::unique_ptr<Check> parse_http_check(SpecMap& spec) {
  auto check = std::make_unique<HttpCheck>();
  check->method = spec.string("method").value_or("GET");
  static const std::vector<std::string> kMethods{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  if (std::find(kMethods.begin(), kMethods.end(), check->method) == kMethods.end()) {
    spec.error("method", fmt::format("'method' must be one of {}", fmt::join(kMethods, ", ")));
  }
  check->path = spec.string("path", true).value_or("/");
  if (check->path.empty() || check->path.front() != '/') spec.error("path", "'path' must start with /");
  for (const auto& [name, value] : read_string_map(spec, "headers")) check->headers.emplace_back(name, value);
  const int bodies = spec.has("json") + spec.has("form") + spec.has("body");
  if (bodies > 1) spec.error("json", "give one of 'json', 'form' or 'body'");
  if (spec.has("json")) {
    const YAML::Node given = spec.node("json");
    check->body_from_schema = given.IsScalar() && given.Tag() != "!" && given.Scalar() == "auto";
    if (!check->body_from_schema) check->body = to_json(given, spec).dump();
    check->headers.emplace_back("Content-Type", "application/json");
  } else if (spec.has("form")) {
    std::vector<std::string> fields;
    for (const auto& [name, value] : read_string_map(spec, "form"))
      fields.push_back(url_encode(name) + "=" + url_encode(value));
    check->body = fmt::format("{}", fmt::join(fields, "&"));
    check->headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  } else {
    check->body = spec.string("body").value_or("");
  }
  const YAML::Node status = spec.node("status");
  if (status.IsDefined()) {
    check->statuses.clear();
    std::vector<YAML::Node> values;
    if (status.IsSequence())
      for (const auto& v : status) values.push_back(v);
    else
      values.push_back(status);
    for (const auto& value : values) {
      long code = 0;
      std::string text = value.IsScalar() ? value.Scalar() : "";
      std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
      if (text.size() == 3 && text[0] >= '1' && text[0] <= '5' && text.ends_with("xx")) {
        check->statuses.push_back(text);  // a class: 2xx is any success
      } else if (!value.IsScalar() || !YAML::convert<long>::decode(value, code) || code < 100 || code > 599) {
        spec.diagnostics().error(
            location_of(value, spec.file()),
            "'status' must be an HTTP status code (100-599), a class such as 2xx, or a list of them");
      } else {
        check->statuses.push_back(std::to_string(code));
      }
    }
  }
  check->max_ms = spec.integer("max_ms", 1, 3'600'000);
  if (auto timeout = spec.seconds("timeout", 600)) check->timeout = *timeout;
  check->body_contains = spec.string_list("body_contains").value_or(std::vector<std::string>{});
  check->body_lacks = spec.string_list("body_lacks").value_or(std::vector<std::string>{});
  check->body_matches = read_regex_list(spec, "body_matches").value_or(std::vector<LabRegex>{});
  check->header_contains = read_string_map(spec, "header_contains");
  check->json_types = read_string_map(spec, "json_types");
  for (const auto& [key, type] : check->json_types) {
    static const std::vector<std::string> kTypes{"number", "string", "boolean", "array", "object", "null"};
    if (std::find(kTypes.begin(), kTypes.end(), type) == kTypes.end()) {
      spec.error("json_types", fmt::format("type '{}' for '{}' is not one of {}", type, key, fmt::join(kTypes, ", ")));
    }
  }
  const YAML::Node equals = spec.node("json_equals");
  if (equals.IsDefined()) {
    if (!equals.IsMap())
      spec.error("json_equals", "'json_equals' must map JSON paths to expected values");
    else
      for (const auto& entry : equals) check->json_equals[entry.first.Scalar()] = to_json(entry.second, spec);
  }
  const YAML::Node varies = spec.node("varies");
  bool whole = false;
  if (varies.IsDefined() && varies.IsScalar() && YAML::convert<bool>::decode(varies, whole))
    check->varies = whole ? HttpCheck::kWholeBody : "";
  else
    check->varies = spec.string("varies").value_or("");
  if (!check->varies.empty() && !check->body_from_schema)
    spec.error("varies", "'varies' needs json: auto, so that labs can make other valid inputs from the schema");
  check->save = read_save(spec);
  return check;
}

}  // namespace labkit
