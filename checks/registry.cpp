// The one table of check kinds. A new kind is one file in checks/ plus one
// declaration and one row here; loading, `labs list` and the docs use it.
#include <labs/check.hpp>

#include <yaml-cpp/yaml.h>

#include <array>

namespace labkit {

std::unique_ptr<Check> parse_git_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_file_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_command_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_pytest_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_service_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_http_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_dockerfile_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_compose_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_container_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_mlflow_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_workflow_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_dvc_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_k8s_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_quiz_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_prometheus_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_python_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_airflow_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_grafana_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_nginx_check(const YAML::Node&, const std::string&, Diagnostics&);
std::unique_ptr<Check> parse_migrations_check(const YAML::Node&, const std::string&, Diagnostics&);

namespace {

constexpr std::array kCheckKinds{
    CheckKind{"git", "history, branches, tags, tracked and ignored paths, clean tree, secrets, messages",
              &parse_git_check},
    CheckKind{"file", "a file or glob exists; its text contains or matches; line count; YAML/JSON keys",
              &parse_file_check},
    CheckKind{"command", "runs a command in the repository with a timeout; expects exit code and output",
              &parse_command_check},
    CheckKind{"pytest", "runs the learner's pytest suite; counts, named tests, skips, from its JUnit XML",
              &parse_pytest_check},
    CheckKind{"service", "starts the learner's server on a free port, waits until ready, runs steps against it",
              &parse_service_check},
    CheckKind{"http", "a request to the service: status, headers, body text or regex, JSON values, time",
              &parse_http_check},
    CheckKind{"dockerfile", "the Dockerfile's instructions and rules (hadolint IDs), stages, EXPOSE, .dockerignore",
              &parse_dockerfile_check},
    CheckKind{"compose", "Compose services by name or image, ports, healthy dependencies, database volumes, secrets",
              &parse_compose_check},
    CheckKind{"container", "builds the image on Docker or Podman, runs it on a free port, probes it over HTTP, removes both",
              &parse_container_check},
    CheckKind{"mlflow", "MLflow runs, params, metrics and thresholds, logged models, the registry (file store or SQLite)",
              &parse_mlflow_check},
    CheckKind{"workflow", "GitHub Actions / GitLab CI: triggers, jobs that run pytest, build an image, run linters",
              &parse_workflow_check},
    CheckKind{"dvc", "DVC: .dvc files and dvc.yaml stages, dvc.lock, a default remote, the data kept out of git",
              &parse_dvc_check},
    CheckKind{"k8s", "Kubernetes manifests: a Deployment with resources and probes, a Service that selects it, an HPA",
              &parse_k8s_check},
    CheckKind{"quiz", "theory questions answered in answers.yaml, compared through salted hashes",
              &parse_quiz_check},
    CheckKind{"prometheus", "prometheus.yml scrapes the app; alert rule files well formed (as promtool checks them)",
              &parse_prometheus_check},
    CheckKind{"python", "a virtualenv kept out of git, pinned requirements, logging through logging, a YAML/JSON config read",
              &parse_python_check},
    CheckKind{"airflow", "Airflow DAG files: parsed by Python, a schedule, enough tasks, dependencies between them",
              &parse_airflow_check},
    CheckKind{"grafana", "a Grafana dashboard JSON whose panels query the app's metrics from Prometheus",
              &parse_grafana_check},
    CheckKind{"nginx", "Nginx config read as nginx does: reverse proxy to the app, upstreams, TLS, HTTP to HTTPS",
              &parse_nginx_check},
    CheckKind{"migrations", "Alembic revisions chained from one base to one head, with upgrades and downgrades",
              &parse_migrations_check},
};

}  // namespace

std::span<const CheckKind> check_kinds() { return kCheckKinds; }

const CheckKind* find_check_kind(std::string_view name) {
  for (const auto& kind : kCheckKinds) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

}  // namespace labkit
