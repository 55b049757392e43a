// The k8s check on multi-document manifests as learners write them.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kApp = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: ml-api}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ml-api}
  template:
    metadata:
      labels: {app: ml-api, tier: web}
    spec:
      containers:
        - name: api
          image: ghcr.io/learner/ml-api:1.0
          ports: [{containerPort: 8000}]
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          readinessProbe: {httpGet: {path: /health, port: 8000}}
          livenessProbe: {httpGet: {path: /health, port: 8000}}
---
apiVersion: v1
kind: Service
metadata: {name: ml-api}
spec:
  selector: {app: ml-api}
  ports: [{port: 80, targetPort: 8000}]
)";

const char* const kHpa = R"(apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ml-api}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ml-api}
  minReplicas: 2
  maxReplicas: 5
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
)";

const std::string kAll =
    "k8s: {path: k8s, resources: true, probes: true, replicas: {min: 2}, service: true, hpa: true}";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("k8s: a Deployment with resources and probes, a Service that selects it, an HPA", "[k8s]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("k8s/app.yaml", kApp);
  repo.write("k8s/hpa.yml", kHpa);
  const auto outcome = run_step(kAll, temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(outcome.evidence == "Deployment ml-api in k8s/app.yaml (3 manifest(s) read)");
}

TEST_CASE("k8s: each fault is named with file:line", "[k8s]") {
  TempDir temp;
  TestRepo repo(temp.path());
  std::string app = replaced(kApp, "matchLabels: {app: ml-api}", "matchLabels: {app: ml-api-v2}");
  app = replaced(app, "            limits: {cpu: 500m, memory: 256Mi}\n", "");
  app = replaced(app, "          livenessProbe: {httpGet: {path: /health, port: 8000}}\n", "");
  app = replaced(app, "replicas: 2", "replicas: 1");
  app = replaced(app, "targetPort: 8000", "targetPort: 8080");
  repo.write("k8s/app.yaml", app);
  const auto outcome = run_step(kAll, temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence,
             Catch::Contains("k8s/app.yaml:5: Deployment ml-api: spec.selector.matchLabels must match"));
  CHECK_THAT(outcome.evidence, Catch::Contains("has 1 replica(s), need at least 2"));
  CHECK_THAT(outcome.evidence, Catch::Contains("container api sets no cpu limit") &&
                                   Catch::Contains("container api has no livenessProbe"));
  CHECK_THAT(outcome.evidence,
             Catch::Contains("Service ml-api sends traffic to port 8080, which no container of ml-api opens"));
  CHECK_THAT(outcome.evidence, Catch::Contains("no HorizontalPodAutoscaler targets Deployment ml-api"));
  repo.write("k8s/app.yaml", replaced(kApp, "selector: {app: ml-api}\n  ports", "selector: {app: other}\n  ports"));
  CHECK_THAT(run_step("k8s: {service: true}", temp.path()).evidence,
             Catch::Contains("no Service selects the pods of Deployment ml-api"));
}

TEST_CASE("k8s: no manifests, broken YAML, and invalid specs", "[k8s]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("config.yaml", "lr: 0.1\n");
  CHECK(run_step("k8s: {}", temp.path()).evidence == "no Deployment manifest");
  repo.write("deploy/app.yaml", "apiVersion: v1\nkind: [Service\n");
  CHECK_THAT(run_step("k8s: {path: deploy}", temp.path()).evidence,
             Catch::Contains("no Deployment manifest in deploy; deploy/app.yaml:3: not valid YAML"));
  // yaml-cpp 0.7's own LoadAll loops for ever on this one (found by fuzz_repo_files).
  repo.write("deploy/app.yaml", "apiVersion: v1\n---\n,\n");
  CHECK_THAT(run_step("k8s: {path: deploy}", temp.path()).evidence,
             Catch::Contains("deploy/app.yaml:3: not valid YAML: unexpected character: no YAML value can start here"));
  Diagnostics diagnostics;
  CHECK(test::parse_step("k8s: {path: /etc, hpa: maybe}", diagnostics) == nullptr);
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("'hpa'") && Catch::Contains("/etc"));
}

TEST_CASE("k8s: manifests beside a Helm chart are read, the chart's templates are not an error", "[k8s]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("deploy/k8s/app.yaml", kApp);
  repo.write("deploy/chart/Chart.yaml", "apiVersion: v2\nname: ml-api\nversion: 0.1.0\n");
  repo.write("deploy/chart/values.yaml", "replicaCount: 2\nimage: {repository: ml-api}\n");
  repo.write("deploy/chart/templates/deployment.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n"
             "  replicas: {{ .Values.replicaCount }}\n  template:\n    spec:\n      containers:\n"
             "{{- range .Values.containers }}\n        - name: {{ .name }}\n{{- end }}\n");
  repo.commit("Manifests and a chart");
  const auto outcome = run_step("k8s: {resources: true, probes: true, service: true}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK_THAT(outcome.evidence, Catch::Contains("in deploy/k8s/app.yaml"));
}

TEST_CASE("k8s: a Helm chart alone is named, with how to give labs plain manifests", "[k8s]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("chart/Chart.yaml", "apiVersion: v2\nname: ml-api\nversion: 0.1.0\n");
  repo.write("chart/templates/deployment.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
             "  name: {{ .Release.Name }}\n");
  repo.commit("A chart");
  const auto outcome = run_step("k8s: {resources: true}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("no Deployment manifest"));
  CHECK_THAT(outcome.evidence, Catch::Contains("Helm chart chart found"));
  CHECK_THAT(outcome.evidence, !Catch::Contains("not valid YAML"));
}

TEST_CASE("k8s: with several Deployments, one that has all the step asks passes it", "[k8s]") {
  TempDir temp;
  TestRepo repo(temp.path());
  // A supporting server that sorts first and has none of what the step asks.
  repo.write("k8s/00-mlflow.yaml",
             "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: mlflow}\nspec:\n"
             "  selector: {matchLabels: {app: mlflow}}\n  template:\n    metadata: {labels: {app: mlflow}}\n"
             "    spec: {containers: [{name: mlflow, image: ghcr.io/mlflow/mlflow:v2.9.2}]}\n");
  repo.write("k8s/app.yaml", kApp);
  // A comment that mentions a template does not make the file a Helm template.
  repo.write("k8s/hpa.yml", std::string("# image tag filled in by CI: {{ git sha }}\n") + kHpa);
  const auto outcome = run_step(kAll, temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(outcome.evidence == "Deployment ml-api in k8s/app.yaml (4 manifest(s) read, 2 Deployments)");

  repo.write("k8s/app.yaml", replaced(kApp, "replicas: 2", "replicas: 1"));
  const auto closest = run_step(kAll, temp.path());
  INFO(closest.evidence);
  CHECK(closest.status == Status::fail);
  CHECK_THAT(closest.evidence,
             Catch::StartsWith("none of the 2 Deployments has all this step asks; the closest is ml-api in "
                               "k8s/app.yaml\n"));
  CHECK_THAT(closest.evidence, Catch::Contains("Deployment ml-api has 1 replica(s), need at least 2"));
}
