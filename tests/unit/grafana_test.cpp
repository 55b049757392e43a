// The grafana check on dashboards as Grafana exports them: panels inside
// rows, Prometheus targets, the API's {"dashboard": ...} wrapper.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kDashboard = R"json({
  "title": "ML API",
  "schemaVersion": 39,
  "panels": [
    {"type": "timeseries", "title": "Requests", "datasource": {"type": "prometheus", "uid": "prom"},
     "targets": [{"refId": "A", "expr": "sum(rate(http_requests_total{job=\"ml-api\"}[5m])) by (status)"}]},
    {"type": "row", "title": "Model", "collapsed": true, "panels": [
      {"type": "stat", "title": "p95 latency",
       "targets": [{"refId": "A", "expr": "histogram_quantile(0.95, rate(prediction_latency_seconds_bucket[5m]))"}]}
    ]},
    {"type": "text", "title": "Notes", "options": {"content": "http_requests_total"}}
  ]
})json";

}  // namespace

TEST_CASE("grafana: panels inside rows query the app's metrics", "[grafana]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("package.json", R"({"name": "not a dashboard"})");
  repo.write("monitoring/dashboards/api.json", kDashboard);
  const auto outcome =
      run_step("grafana: {panels: {min: 2}, metrics: [http_requests_total, prediction_latency_seconds]}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(outcome.evidence ==
        "monitoring/dashboards/api.json: \"ML API\" with 2 panel(s) querying Prometheus "
        "(http_requests_total, prediction_latency_seconds)");
  // The API's wrapper is read as well.
  repo.write("monitoring/dashboards/api.json", std::string("{\"dashboard\": ") + kDashboard + ", \"overwrite\": true}");
  CHECK(run_step("grafana: {dashboards: 'monitoring/**/*.json', panels: {min: 2}}", temp.path()).status ==
        Status::pass);
}

TEST_CASE("grafana: too few querying panels and a metric no panel queries", "[grafana]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("grafana/api.json", kDashboard);
  const auto outcome =
      run_step("grafana: {panels: {min: 3}, metrics: [model_drift_score, http_requests]}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK(outcome.evidence ==
        "grafana/api.json (\"ML API\"): 2 panel(s) with a Prometheus query, need at least 3; "
        "no panel queries model_drift_score");
  CHECK(outcome.path == "grafana/api.json");
  repo.write("grafana/api.json", "{\"panels\": [");
  CHECK_THAT(run_step("grafana: {panels: {min: 1}}", temp.path()).evidence,
             Catch::StartsWith("no Grafana dashboard JSON"));
}
