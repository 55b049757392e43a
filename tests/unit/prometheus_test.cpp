// The prometheus check on a monitoring setup as the roadmap's weeks 7-8 ask:
// prometheus.yml scraping the app, an alert rule file.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kConfig = R"(global: {scrape_interval: 15s}
rule_files: ["alerts/*.yml"]
scrape_configs:
  - job_name: prometheus
    static_configs: [{targets: ["localhost:9090"]}]
  - job_name: ml-api
    metrics_path: /metrics
    static_configs: [{targets: ["api:8000"]}]
)";

const char* const kRules = R"(groups:
  - name: ml-api
    rules:
      - record: job:request_latency_seconds:p95
        expr: histogram_quantile(0.95, rate(request_latency_seconds_bucket[5m]))
      - alert: HighErrorRate
        expr: rate(http_requests_total{status=~"5.."}[5m]) > 0.05
        for: 5m
        annotations: {summary: Too many errors}
)";

}  // namespace

TEST_CASE("prometheus: the app is scraped and an alert rule is well formed", "[prometheus]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("monitoring/prometheus.yml", kConfig);
  repo.write("monitoring/alerts/api.yml", kRules);
  const auto outcome =
      run_step("prometheus: {config: monitoring/prometheus.yml, scrapes: [ml-api, '8000'], alerts: 1}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(outcome.evidence ==
        "monitoring/prometheus.yml: 2 scrape job(s), 1 alert rule(s), promtool check config agrees");
}

TEST_CASE("prometheus: promtool (Debian's prometheus package) catches what reading cannot: PromQL", "[prometheus]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("prometheus.yml",
             "rule_files: [alerts.yml]\nscrape_configs:\n  - job_name: api\n    static_configs: [{targets: "
             "[\"api:8000\"]}]\n");
  repo.write("alerts.yml",
             "groups:\n  - name: api\n    rules:\n      - alert: Errors\n        expr: rate(http_requests_total[5m]\n  "
             "      for: 5m\n");
  const auto outcome = run_step("prometheus: {scrapes: [api], alerts: 1}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("promtool: ") && Catch::Contains("unclosed left parenthesis"));
}

TEST_CASE("prometheus: promtool's rule errors, a missing scrape and a rule glob that matches nothing", "[prometheus]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("prometheus.yml", std::string(kConfig) + "  - job_name: ml-api\n    static_configs: []\n");
  repo.write("alerts/bad.yml",
             "groups:\n  - name: g\n    rules:\n      - alert: A\n        record: b\n        expr: up\n"
             "      - alert: NoExpr\n      - record: r\n        expr: up\n        for: 1m\n");
  const auto outcome = run_step("prometheus: {scrapes: [api, '9100'], alerts: 2}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("prometheus.yml:9: job_name ml-api is used twice"));
  CHECK_THAT(outcome.evidence,
             Catch::Contains("no scrape config named api (") && Catch::Contains("no scrape target on port 9100 ("));
  CHECK_THAT(outcome.evidence, Catch::Contains("alerts/bad.yml:4: one of 'record' or 'alert' must be set, not both"));
  CHECK_THAT(outcome.evidence, Catch::Contains("alerts/bad.yml:7: field 'expr' must be set in rule"));
  CHECK_THAT(outcome.evidence, Catch::Contains("alerts/bad.yml:8: a recording rule takes no 'for'"));
  CHECK_THAT(outcome.evidence, Catch::Contains("1 alert rule(s), need at least 2"));
  repo.write("prometheus.yml", "rule_files: [rules/*.yml]\nscrape_configs: []\n");
  CHECK_THAT(run_step("prometheus: {alerts: 1}", temp.path()).evidence,
             Catch::Contains("rule_files names rules/*.yml, which matches no file"));
  TempDir none;
  TestRepo empty(none.path());
  empty.write("README.md", "# p\n");
  CHECK_THAT(run_step("prometheus: {alerts: 1}", none.path()).evidence,
             Catch::StartsWith("no Prometheus configuration in the repository"));
}

TEST_CASE("prometheus: a configuration found by its content, at the root or inside a ConfigMap", "[prometheus]") {
  SECTION("prometheus.yaml at the root") {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write("prometheus.yaml",
               "scrape_configs:\n  - job_name: api\n    static_configs: [{targets: ['api:8000']}]\n");
    repo.commit("Monitoring");
    const auto outcome = run_step("prometheus: {scrapes: [api]}", temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("Prometheus configuration found at prometheus.yaml"));
  }
  SECTION("inside a ConfigMap among other manifests") {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write("deploy/k8s/monitoring.yaml", R"(apiVersion: v1
kind: Namespace
metadata: {name: monitoring}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: prometheus-config}
data:
  prometheus.yml: |
    global: {scrape_interval: 15s}
    scrape_configs:
      - job_name: wine-api
        static_configs:
          - targets: ['wine-api:8000']
)");
    repo.commit("Monitoring on k8s");
    const auto outcome = run_step("prometheus: {scrapes: [wine-api, '8000']}", temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::Contains("deploy/k8s/monitoring.yaml: 1 scrape job(s)"));
  }
  SECTION("a file that only mentions scrape_configs in a comment is not one") {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write("notes.yaml", "# TODO: scrape_configs for the api\ntodo: [monitoring]\n");
    repo.commit("Plans");
    const auto outcome = run_step("prometheus: {scrapes: [api]}", temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
  }
}
