// Request bodies made from an OpenAPI document: every required field, of its
// type, within its bounds; variants differ; routes match their templates.
#include <labs/formats/openapi.hpp>

#include <catch2/catch.hpp>

using namespace labkit;
using nlohmann::json;

namespace {

const json kDocument = json::parse(R"({
  "openapi": "3.0.2",
  "paths": {
    "/todos/{todo_id}": {"patch": {"requestBody": {"content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/TodoPatch"}}}}}},
    "/predict": {"post": {"requestBody": {"content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Features"}}}}}},
    "/health": {"get": {}}
  },
  "components": {"schemas": {
    "Features": {"type": "object", "required": ["age", "ratio", "kind", "tags", "owner", "id"],
      "properties": {
        "age": {"type": "integer", "minimum": 18, "exclusiveMaximum": 20},
        "ratio": {"type": "number", "minimum": 0, "maximum": 1},
        "kind": {"allOf": [{"$ref": "#/components/schemas/Kind"}]},
        "tags": {"type": "array", "items": {"type": "string", "minLength": 12}, "minItems": 2},
        "owner": {"$ref": "#/components/schemas/Owner"},
        "id": {"type": "string", "format": "uuid"},
        "note": {"type": "string"}}},
    "Kind": {"enum": ["red", "white"]},
    "Owner": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string", "format": "email"}}},
    "TodoPatch": {"type": "object", "required": ["done"], "properties": {"done": {"type": "boolean"}}}
  }}
})");

}  // namespace

TEST_CASE("openapi: a body with every required field, each valid for its schema", "[openapi]") {
  std::string error;
  const auto body = example_request_body(kDocument, "POST", "/predict", 0, error);
  REQUIRE(body);
  INFO(body->dump());
  CHECK(error.empty());
  CHECK((*body)["age"].is_number_integer());
  CHECK((*body)["age"].get<long>() >= 18);
  CHECK((*body)["age"].get<long>() < 20);
  CHECK((*body)["ratio"].get<double>() >= 0);
  CHECK((*body)["ratio"].get<double>() <= 1);
  CHECK((*body)["kind"] == "red");
  REQUIRE((*body)["tags"].size() == 2);
  CHECK((*body)["tags"][0].get<std::string>().size() >= 12);
  CHECK((*body)["owner"]["email"].get<std::string>().find('@') != std::string::npos);
  CHECK((*body)["id"].get<std::string>().size() == 36);
  CHECK((*body)["note"].is_string());  // optional fields too: a model reads them
}

TEST_CASE("openapi: variants give other valid values", "[openapi]") {
  std::string error;
  const auto first = example_request_body(kDocument, "POST", "/predict", 0, error);
  const auto second = example_request_body(kDocument, "POST", "/predict", 1, error);
  REQUIRE(first);
  REQUIRE(second);
  CHECK((*first)["ratio"] != (*second)["ratio"]);
  CHECK((*second)["kind"] == "white");
}

TEST_CASE("openapi: templated routes match, and what has no JSON body is said", "[openapi]") {
  std::string error;
  const auto patch = example_request_body(kDocument, "PATCH", "/todos/3f2b8c1e", 0, error);
  REQUIRE(patch);
  CHECK((*patch)["done"].is_boolean());
  CHECK_FALSE(example_request_body(kDocument, "GET", "/health", 0, error));
  CHECK_THAT(error, Catch::Contains("takes no request body"));
  CHECK_FALSE(example_request_body(kDocument, "POST", "/score", 0, error));
  CHECK_THAT(error, Catch::Contains("has no POST /score"));
  CHECK_FALSE(example_request_body(json::parse("[1]"), "POST", "/predict", 0, error));
  CHECK_THAT(error, Catch::Contains("has no paths"));
}
