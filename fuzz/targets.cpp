#include "targets.hpp"

#include <labs/formats/dockerfile.hpp>
#include <labs/formats/junit_xml.hpp>
#include <labs/formats/mlflow_store.hpp>
#include <labs/repo/repo.hpp>
#include <labs/spec/catalog.hpp>
#include <labs/spec/check_kind.hpp>
#include <labs/spec/loader.hpp>
#include <labs/spec/selector.hpp>
#include <labs/spec/step_parser.hpp>

#include <git2.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <vector>

namespace labkit::fuzz {

namespace fs = std::filesystem;

namespace {

std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// A scratch folder of this process, made once.
const fs::path& scratch() {
  static const fs::path folder = [] {
    char pattern[] = "/tmp/labs-fuzz-XXXXXX";
    if (!mkdtemp(pattern)) std::abort();
    return fs::path(pattern);
  }();
  return folder;
}

void write(const fs::path& file, std::string_view text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(text.size()));
}

/// The input cut into `count` parts at 0xFF bytes (missing parts are empty),
/// so one input can fill several files.
std::vector<std::string> parts(const std::uint8_t* data, std::size_t size, std::size_t count) {
  std::vector<std::string> pieces(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0xFF && pieces.size() < count)
      pieces.emplace_back();
    else
      pieces.back() += static_cast<char>(data[i]);
  }
  pieces.resize(count);
  return pieces;
}

}  // namespace

void lab_loader(const std::uint8_t* data, std::size_t size) {
  const std::string text = text_of(data, size);
  // As a lab, and as a milestones file next to the shipped labs.
  const Bundle bundle = load_bundle({LabSource{"lab.yaml", text}, LabSource{"mlops/milestones.yaml", text}});
  for (const auto& loaded : bundle.labs) {
    for (const auto& d : loaded.diagnostics.all()) (void)format_diagnostic(d);
  }
  // As `verify` reads a lab it may not select: its header only.
  (void)load_lab(LabSource{"lab.yaml", text}, LoadDepth::header);
}

void dockerfile(const std::uint8_t* data, std::size_t size) {
  const std::string text = text_of(data, size);
  const Dockerfile parsed = parse_dockerfile(text);
  (void)failed_build_instruction(parsed, text);
}

void junit_xml(const std::uint8_t* data, std::size_t size) {
  std::string error;
  if (const auto report = read_junit_xml(text_of(data, size), error)) {
    for (const auto& test_case : report->cases) (void)names_test_case("tests/test_api.py::test_x", test_case);
  }
}

void mlflow_store(const std::uint8_t* data, std::size_t size) {
  // An experiment's meta.yaml, a run's meta.yaml, a metric's lines, a param, a tag.
  const auto files = parts(data, size, 5);
  const fs::path mlruns = scratch() / "mlruns";
  write(mlruns / "1/meta.yaml", files[0]);
  write(mlruns / "1/abc/meta.yaml", files[1]);
  write(mlruns / "1/abc/metrics/accuracy", files[2]);
  write(mlruns / "1/abc/params/depth", files[3]);
  write(mlruns / "1/abc/tags/mlflow.runName", files[4]);
  (void)mlflow::read_file_store(mlruns);
}

void repo_files(const std::uint8_t* data, std::size_t size) {
  // One git repository whose learner files are rewritten each time, and the
  // checks that read them as YAML, JSON or text (not the ones that start processes).
  static const fs::path root = scratch() / "repo";
  static std::unique_ptr<Repo> repo = [] {
    fs::create_directories(root);
    git_libgit2_init();
    git_repository* made = nullptr;
    if (git_repository_init(&made, root.c_str(), 0) != 0) std::abort();
    git_repository_free(made);
    auto opened = Repo::open(root, false);
    if (!opened.repo) std::abort();
    return std::move(opened.repo);
  }();
  static const char* const kSteps[] = {
      "compose: {services: [api], rules: [healthy-dependencies, database-volumes], ports: {api: 8000}}",
      "workflow: {triggers: [push], runs: [pytest], builds_image: true, lints: [flake8]}",
      "k8s: {path: k8s, resources: true, probes: true, replicas: {min: 2}, service: true, hpa: true}",
      "dvc: {tracked: [data/x.csv], stages: {min: 1}, locked: true, remote: true, data_ignored: true}",
      "quiz: {salt: s, questions: [{id: q, text: Q, answers: [0000000000000000000000000000000000000000]}]}",
      "python: {pinned: requirements.txt, logging: true, config: true}",
      "grafana: {panels: {min: 1}, metrics: [up]}",
      "nginx: {proxy_to: ['8000'], tls: true, https_redirect: true, upstream_servers: {min: 2}}",
      "migrations: {revisions: {min: 1}, downgrades: true}",
      "file: {path: config.yaml, parses_as: yaml, has_keys: [a.b]}",
      "mlflow: {runs: {min: 1}}",
  };
  static const std::vector<std::shared_ptr<Check>> checks = [] {
    std::vector<std::shared_ptr<Check>> built;
    for (const char* step : kSteps) {
      const YAML::Node node = YAML::Load(step);
      Diagnostics diagnostics;
      const auto entry = *node.begin();
      auto check = parse_check(*find_check_kind(entry.first.Scalar()), entry.second, "fuzz.yaml", diagnostics);
      if (!check) std::abort();
      built.push_back(std::move(check));
    }
    return built;
  }();
  const auto files = parts(data, size, 3);
  for (const char* path : {"compose.yaml", ".github/workflows/ci.yml", "k8s/app.yaml", "dvc.yaml", "dvc.lock",
                           "answers.yaml", "config.yaml", "mlruns/0/meta.yaml"}) {
    write(root / path, files[0]);
  }
  for (const char* path : {"requirements.txt", "nginx.conf", "app.py", "alembic/versions/a.py"})
    write(root / path, files[1]);
  write(root / "grafana/dash.json", files[2]);
  write(root / "data/x.csv.dvc", files[2]);
  const RunSettings settings{root};
  const CheckContext context{*repo, settings};
  for (const auto& check : checks) {
    try {
      (void)check->run(context);
    } catch (const std::exception&) {
      // The executor turns an exception into an error result; only crashes matter here.
    }
  }
}

void selector(const std::uint8_t* data, std::size_t size) {
  static const Bundle bundle = load_bundle(embedded_lab_sources());
  static const std::vector<std::string> tracks = bundle_tracks(bundle);
  std::string error;
  const auto parsed = parse_selector(text_of(data, size), tracks, error);
  if (!parsed) return;
  (void)select_labs(bundle, {*parsed}, "mlops", error);
}

}  // namespace labkit::fuzz
