// The one table of check kinds. A new kind is one file in checks/ plus one
// declaration and one row here (with the keys it accepts); loading, `labs
// list`, `labs explain`, the JSON Schema test and the docs test use it.
#include <labs/base/named_table.hpp>
#include <labs/spec/check_kind.hpp>

#include <array>
#include <string_view>

namespace labkit {

std::unique_ptr<Check> parse_git_check(SpecMap& spec);
std::unique_ptr<Check> parse_file_check(SpecMap& spec);
std::unique_ptr<Check> parse_command_check(SpecMap& spec);
std::unique_ptr<Check> parse_pytest_check(SpecMap& spec);
std::unique_ptr<Check> parse_service_check(SpecMap& spec);
std::unique_ptr<Check> parse_http_check(SpecMap& spec);
std::unique_ptr<Check> parse_dockerfile_check(SpecMap& spec);
std::unique_ptr<Check> parse_compose_check(SpecMap& spec);
std::unique_ptr<Check> parse_container_check(SpecMap& spec);
std::unique_ptr<Check> parse_compose_up_check(SpecMap& spec);
std::unique_ptr<Check> parse_mlflow_check(SpecMap& spec);
std::unique_ptr<Check> parse_workflow_check(SpecMap& spec);
std::unique_ptr<Check> parse_dvc_check(SpecMap& spec);
std::unique_ptr<Check> parse_k8s_check(SpecMap& spec);
std::unique_ptr<Check> parse_quiz_check(SpecMap& spec);
std::unique_ptr<Check> parse_prometheus_check(SpecMap& spec);
std::unique_ptr<Check> parse_python_check(SpecMap& spec);
std::unique_ptr<Check> parse_airflow_check(SpecMap& spec);
std::unique_ptr<Check> parse_code_check(SpecMap& spec);
std::unique_ptr<Check> parse_mutation_check(SpecMap& spec);
std::unique_ptr<Check> parse_grafana_check(SpecMap& spec);
std::unique_ptr<Check> parse_nginx_check(SpecMap& spec);
std::unique_ptr<Check> parse_migrations_check(SpecMap& spec);
std::unique_ptr<Check> parse_any_check(SpecMap& spec);
std::unique_ptr<Check> parse_sqlite_check(SpecMap& spec);

namespace {

// The keys each kind accepts: the spec reader rejects any other, and the
// schema test compares them with docs/lab.schema.json key by key.
constexpr std::string_view kGitKeys[] = {"commits",    "branches",    "merges",  "merged_branches", "tags",
                                         "tracked",    "not_tracked", "ignored", "clean",           "max_file_size_mb",
                                         "no_secrets", "remote",      "messages"};
constexpr std::string_view kFileKeys[] = {"path",  "glob",      "include_ignored", "every",   "exists",
                                          "count", "contains",  "not_contains",    "matches", "not_matches",
                                          "lines", "parses_as", "has_keys"};
constexpr std::string_view kCommandKeys[] = {"run",       "requires",        "timeout",         "memory_mb",
                                             "exit_code", "stdout_contains", "stderr_contains", "stdout_matches",
                                             "scratch"};
constexpr std::string_view kPytestKeys[] = {"args",        "timeout",  "memory_mb", "min_tests",
                                            "max_skipped", "all_pass", "tests"};
constexpr std::string_view kServiceKeys[] = {"run",       "requires", "ready",  "ready_timeout",
                                             "memory_mb", "steps",    "scratch"};
constexpr std::string_view kHttpKeys[] = {
    "method",          "path",       "headers",     "json",          "form",       "body",
    "status",          "max_ms",     "timeout",     "body_contains", "body_lacks", "body_matches",
    "header_contains", "json_types", "json_equals", "varies",        "save"};
constexpr std::string_view kDockerfileKeys[] = {"path",        "instructions", "rules",
                                                "multi_stage", "exposes",      "dockerignore"};
constexpr std::string_view kComposeKeys[] = {"path", "services", "rules", "ports"};
constexpr std::string_view kContainerKeys[] = {"context",       "dockerfile",    "port",   "ready",
                                               "build_timeout", "ready_timeout", "settle", "steps"};
constexpr std::string_view kComposeUpKeys[] = {"path",          "service",    "port", "ready",
                                               "ready_timeout", "up_timeout", "steps"};
constexpr std::string_view kMlflowKeys[] = {"store",   "experiment", "runs",        "status",     "params",
                                            "metrics", "min_params", "min_metrics", "thresholds", "distinct_params",
                                            "history", "model",      "registered",  "train",      "train_timeout"};
constexpr std::string_view kWorkflowKeys[] = {"platform", "triggers", "runs", "builds_image", "lints"};
constexpr std::string_view kDvcKeys[] = {"tracked", "stages", "stage_names", "locked", "remote", "data_ignored"};
constexpr std::string_view kK8sKeys[] = {"path", "resources", "probes", "replicas", "service", "hpa"};
constexpr std::string_view kQuizKeys[] = {"file", "salt", "questions", "min_correct"};
constexpr std::string_view kPrometheusKeys[] = {"config", "scrapes", "alerts"};
constexpr std::string_view kPythonKeys[] = {"virtualenv", "pinned", "logging", "config", "files"};
constexpr std::string_view kAirflowKeys[] = {"dags", "schedule", "tasks", "dependencies"};
constexpr std::string_view kGrafanaKeys[] = {"dashboards", "panels", "metrics"};
constexpr std::string_view kNginxKeys[] = {"config", "proxy_to", "upstream_servers", "tls", "https_redirect"};
constexpr std::string_view kMigrationsKeys[] = {"dir", "revisions", "downgrades", "apply", "database", "timeout"};
constexpr std::string_view kAnyKeys[] = {"of"};
constexpr std::string_view kSqliteKeys[] = {"holds"};
constexpr std::string_view kMutationKeys[] = {"functions", "files", "run", "timeout", "memory_mb", "max_functions"};
constexpr std::string_view kCodeKeys[] = {"files", "imports", "calls", "decorators", "routes", "tests"};

constexpr std::array kCheckKinds{
    CheckKind{"git", "history, branches, tags, tracked and ignored paths, clean tree, secrets, messages", kGitKeys,
              &parse_git_check, LearnerCode::not_run},
    CheckKind{"file", "a file or glob exists; its text contains or matches; line count; YAML/JSON keys", kFileKeys,
              &parse_file_check, LearnerCode::not_run},
    CheckKind{"command", "runs a command in the repository with a timeout; expects exit code and output", kCommandKeys,
              &parse_command_check, LearnerCode::runs},
    CheckKind{"pytest", "runs the learner's pytest suite; counts, named tests, skips, from its JUnit XML", kPytestKeys,
              &parse_pytest_check, LearnerCode::runs},
    CheckKind{"service", "starts the learner's server on a free port, waits until ready, runs steps against it",
              kServiceKeys, &parse_service_check, LearnerCode::runs},
    CheckKind{"http", "a request to the service: status, headers, body text or regex, JSON values, time", kHttpKeys,
              &parse_http_check, LearnerCode::not_run},
    CheckKind{"dockerfile", "the Dockerfile's instructions and rules (hadolint IDs), stages, EXPOSE, .dockerignore",
              kDockerfileKeys, &parse_dockerfile_check, LearnerCode::not_run},
    CheckKind{"compose", "Compose services by name or image, ports, healthy dependencies, database volumes, secrets",
              kComposeKeys, &parse_compose_check, LearnerCode::not_run},
    CheckKind{"container",
              "builds the image on Docker or Podman, runs it on a free port, probes it over HTTP, removes both",
              kContainerKeys, &parse_container_check, LearnerCode::runs_uncached},
    CheckKind{"compose_up",
              "brings the Compose stack up for real on free ports, probes a service over HTTP, removes everything",
              kComposeUpKeys, &parse_compose_up_check, LearnerCode::runs_uncached},
    CheckKind{"mlflow",
              "MLflow runs, params, metrics and thresholds, logged models, the registry (file store or SQLite)",
              kMlflowKeys, &parse_mlflow_check, LearnerCode::not_run},
    CheckKind{"workflow", "GitHub Actions / GitLab CI: triggers, jobs that run pytest, build an image, run linters",
              kWorkflowKeys, &parse_workflow_check, LearnerCode::not_run},
    CheckKind{"dvc", "DVC: .dvc files and dvc.yaml stages, dvc.lock, a default remote, the data kept out of git",
              kDvcKeys, &parse_dvc_check, LearnerCode::not_run},
    CheckKind{"k8s", "Kubernetes manifests: a Deployment with resources and probes, a Service that selects it, an HPA",
              kK8sKeys, &parse_k8s_check, LearnerCode::not_run},
    CheckKind{"quiz", "theory questions answered in answers.yaml, compared through salted hashes", kQuizKeys,
              &parse_quiz_check, LearnerCode::not_run},
    CheckKind{"prometheus", "prometheus.yml scrapes the app; alert rule files well formed (as promtool checks them)",
              kPrometheusKeys, &parse_prometheus_check, LearnerCode::not_run},
    CheckKind{"python",
              "a virtualenv kept out of git, pinned requirements, logging through logging, a YAML/JSON config read",
              kPythonKeys, &parse_python_check, LearnerCode::not_run},
    CheckKind{"code",
              "the learner's Python read by Python's parser: imports, calls, routes, decorators, tests that assert",
              kCodeKeys, &parse_code_check, LearnerCode::not_run},
    CheckKind{"mutation", "breaks the learner's functions one way after another; their tests must fail each time",
              kMutationKeys, &parse_mutation_check, LearnerCode::runs},
    CheckKind{"airflow", "Airflow DAG files: parsed by Python, a schedule, enough tasks, dependencies between them",
              kAirflowKeys, &parse_airflow_check, LearnerCode::not_run},
    CheckKind{"grafana", "a Grafana dashboard JSON whose panels query the app's metrics from Prometheus", kGrafanaKeys,
              &parse_grafana_check, LearnerCode::not_run},
    CheckKind{"nginx", "Nginx config read as nginx does: reverse proxy to the app, upstreams, TLS, HTTP to HTTPS",
              kNginxKeys, &parse_nginx_check, LearnerCode::not_run},
    CheckKind{"migrations", "Alembic revisions chained from one base to one head, with upgrades and downgrades",
              kMigrationsKeys, &parse_migrations_check, LearnerCode::not_run},
    CheckKind{"sqlite", "a SQLite database in the project (inside a service: the one the server wrote) holds a text",
              kSqliteKeys, &parse_sqlite_check, LearnerCode::not_run},
    // Whether an `any` step runs learner code depends on its steps (AnyCheck::probing).
    CheckKind{"any", "alternatives: passes when one of its steps passes (a virtualenv or conda, pytest or unittest)",
              kAnyKeys, &parse_any_check, LearnerCode::not_run},
};

}  // namespace

std::span<const CheckKind> check_kinds() { return kCheckKinds; }

const CheckKind* find_check_kind(std::string_view name) { return find_by_name(check_kinds(), name); }

}  // namespace labkit
