// The `k8s` check: Kubernetes manifests (multi-document YAML) — a Deployment
// whose selector matches its pods, with resources and probes; a Service that
// selects those pods on a port a container opens; an HPA that scales it.
#include <labs/model/check.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <sstream>

namespace labkit {

namespace {

/// Follows a path of map keys, undefined where one is missing.
YAML::Node at(YAML::Node node, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (!yaml_present(node) || !node.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
    node.reset(node[key]);
  }
  return node;
}

struct Manifest {
  std::string file, kind, name;
  YAML::Node node;
};

/// Whether every label of `selector` is among `labels`.
bool selects(const YAML::Node& selector, const YAML::Node& labels) {
  if (!yaml_present(selector) || !selector.IsMap() || selector.size() == 0 || !yaml_present(labels) || !labels.IsMap())
    return false;
  for (const auto& label : selector) {
    if (yaml_text(labels[label.first.Scalar()]) != yaml_text(label.second)) return false;
  }
  return true;
}

/// `node` if it is a sequence, else an empty one: manifests may leave a list out.
YAML::Node sequence_or_empty(const YAML::Node& node) {
  return yaml_present(node) && node.IsSequence() ? node : YAML::Node(YAML::NodeType::Sequence);
}

/// "FILE:LINE: text", the line being that of `node` in `manifest`.
std::string problem_at(const Manifest& manifest, const YAML::Node& node, const std::string& text) {
  return fmt::format("{}:{}: {}", manifest.file, yaml_line(node), text);
}

/// A Service must select the Deployment's pods and send traffic only to ports
/// a container opens (when the containers name their ports at all).
void check_service(const std::vector<Manifest>& manifests, const Manifest& deployment, const YAML::Node& pod_labels,
                   const std::vector<long>& container_ports, std::vector<std::string>& problems) {
  const auto found = std::find_if(manifests.begin(), manifests.end(), [&](const Manifest& m) {
    return m.kind == "Service" && selects(at(m.node, {"spec", "selector"}), pod_labels);
  });
  if (found == manifests.end()) {
    problems.push_back(fmt::format("no Service selects the pods of Deployment {} (spec.selector ⊆ its template labels)",
                                   deployment.name));
    return;
  }
  const YAML::Node ports = at(found->node, {"spec", "ports"});
  if (!yaml_present(ports) || !ports.IsSequence()) return;
  for (const auto& port : ports) {
    long target = 0;
    const YAML::Node wanted = yaml_present(port["targetPort"]) ? port["targetPort"] : port["port"];
    if (YAML::convert<long>::decode(wanted, target) && !container_ports.empty() &&
        std::find(container_ports.begin(), container_ports.end(), target) == container_ports.end()) {
      problems.push_back(fmt::format("{}:{}: Service {} sends traffic to port {}, which no container of {} opens",
                                     found->file, yaml_line(port), found->name, target, deployment.name));
    }
  }
}

/// An HorizontalPodAutoscaler must target the Deployment by name, and bound it with maxReplicas.
void check_hpa(const std::vector<Manifest>& manifests, const Manifest& deployment, std::vector<std::string>& problems) {
  const auto found = std::find_if(manifests.begin(), manifests.end(), [&](const Manifest& m) {
    const YAML::Node target = at(m.node, {"spec", "scaleTargetRef"});
    return m.kind == "HorizontalPodAutoscaler" && yaml_text(target["kind"]) == "Deployment" &&
           yaml_text(target["name"]) == deployment.name;
  });
  if (found == manifests.end()) {
    problems.push_back(fmt::format("no HorizontalPodAutoscaler targets Deployment {}", deployment.name));
  } else if (!yaml_present(at(found->node, {"spec", "maxReplicas"}))) {
    problems.push_back(fmt::format("{}: HPA {} sets no maxReplicas", found->file, found->name));
  }
}

class K8sCheck final : public Check {
 public:
  std::string path;  ///< a folder or file; "" = every YAML file of the repository
  bool resources = false, probes = false, service = false, hpa = false;
  std::optional<CountRange> replicas;

  std::string describe() const override {
    std::vector<std::string> parts{"a Deployment whose selector matches its pods"};
    if (resources) parts.push_back("containers with cpu and memory requests and limits");
    if (probes) parts.push_back("readiness and liveness probes");
    if (replicas) parts.push_back(fmt::format("{} replicas", replicas->describe()));
    if (service) parts.push_back("a Service that selects it");
    if (hpa) parts.push_back("an HPA that scales it");
    return fmt::format("Kubernetes manifests{}: {}", path.empty() ? "" : " in " + path, fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    std::vector<std::string> broken;
    const std::vector<Manifest> manifests = read_manifests(context.repo, broken);
    std::vector<const Manifest*> deployments;
    for (const auto& manifest : manifests) {
      if (manifest.kind == "Deployment") deployments.push_back(&manifest);
    }
    if (deployments.empty()) {
      broken.insert(broken.begin(), fmt::format("no Deployment manifest{}", path.empty() ? "" : " in " + path));
      const auto charts = discover_project(context.repo).helm_charts;
      if (!charts.empty())
        broken.push_back(
            fmt::format("Helm chart {} found: labs reads plain manifests, not templates; commit the "
                        "rendered ones too (helm template {} > k8s/manifests.yaml)",
                        fmt::join(charts, ", "), charts.front()));
      return {Status::fail, fmt::format("{}", fmt::join(broken, "; "))};
    }
    // A project may hold several Deployments (the API, an MLflow server, a
    // demo): the step passes on one that has all it asks, and otherwise shows
    // the one closest to it.
    const Manifest* closest = nullptr;
    std::vector<std::string> closest_problems;
    for (const Manifest* deployment : deployments) {
      std::vector<std::string> problems = judge(manifests, *deployment);
      if (problems.empty()) {
        return {Status::pass,
                fmt::format("Deployment {} in {} ({} manifest(s) read{})", deployment->name, deployment->file,
                            manifests.size(),
                            deployments.size() > 1 ? fmt::format(", {} Deployments", deployments.size()) : "")};
      }
      if (!closest || problems.size() < closest_problems.size()) {
        closest = deployment;
        closest_problems = std::move(problems);
      }
    }
    closest_problems.insert(closest_problems.end(), broken.begin(), broken.end());
    if (deployments.size() > 1)
      closest_problems.insert(closest_problems.begin(),
                              fmt::format("none of the {} Deployments has all this step asks; the closest is {} in {}",
                                          deployments.size(), closest->name, closest->file));
    return {Status::fail, fmt::format("{}", fmt::join(closest_problems, "\n")), closest->file,
            yaml_line(at(closest->node, {"spec"}))};
  }

 private:
  std::vector<std::string> judge(const std::vector<Manifest>& manifests, const Manifest& deployment) const {
    std::vector<std::string> problems;
    const YAML::Node spec = at(deployment.node, {"spec"});
    const YAML::Node pod_labels = at(spec, {"template", "metadata", "labels"});
    check_deployment_spec(deployment, spec, pod_labels, problems);
    std::vector<long> container_ports;
    for (const auto& container : sequence_or_empty(at(spec, {"template", "spec", "containers"}))) {
      check_container(deployment, container, container_ports, problems);
    }
    if (service) check_service(manifests, deployment, pod_labels, container_ports, problems);
    if (hpa) check_hpa(manifests, deployment, problems);
    return problems;
  }

  /// Whether `text` holds a Go template outside its comment lines.
  static bool has_template(const std::string& text) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      const auto first = line.find_first_not_of(" \t");
      if (first != std::string::npos && line[first] != '#' && line.find("{{") != std::string::npos) return true;
    }
    return false;
  }

  /// A folder stands for every YAML file under it.
  std::string manifest_pattern() const {
    if (path.empty()) return "**/*.{yaml,yml}";
    if (is_glob(path) || path.ends_with(".yaml") || path.ends_with(".yml")) return path;
    return path + "/**/*.{yaml,yml}";
  }

  /// Whether a file is part of a Helm chart (a folder above it has
  /// Chart.yaml): its templates and values are read by helm, not as manifests.
  static bool in_helm_chart(const std::filesystem::path& root, const std::string& file) {
    std::error_code error;
    for (auto folder = std::filesystem::path(file).parent_path();; folder = folder.parent_path()) {
      if (std::filesystem::is_regular_file(root / folder / "Chart.yaml", error)) return true;
      if (folder.empty()) return false;
    }
  }

  /// Every YAML document with a kind under `path`; a file that is not valid
  /// YAML goes to `broken`, so that the rest can still be checked.
  std::vector<Manifest> read_manifests(const Repo& repo, std::vector<std::string>& broken) const {
    const std::filesystem::path& root = repo.root();
    std::vector<Manifest> manifests;
    for (const auto& file : own_files(repo, manifest_pattern())) {
      if (file.rfind(".github/", 0) == 0 || in_helm_chart(root, file)) continue;
      const auto text = read_repo_text(root, file, 16 << 20);  // helm template output can be megabytes
      if (!text || text->find("apiVersion") == std::string::npos) continue;
      // A Go template ({{ .Values.x }}) is not YAML until helm renders it.
      if (has_template(*text)) continue;
      try {
        for (const auto& document : load_yaml_documents(*text)) {
          if (!document.IsMap() || yaml_text(document["kind"]).empty()) continue;
          manifests.push_back(
              {file, yaml_text(document["kind"]), yaml_text(at(document, {"metadata", "name"})), document});
        }
      } catch (const YAML::Exception& e) {
        broken.push_back(fmt::format("{}:{}: not valid YAML: {}", file, e.mark.line + 1, e.msg));
      }
    }
    return manifests;
  }

  void check_deployment_spec(const Manifest& deployment, const YAML::Node& spec, const YAML::Node& pod_labels,
                             std::vector<std::string>& problems) const {
    if (!selects(at(spec, {"selector", "matchLabels"}), pod_labels)) {
      problems.push_back(problem_at(deployment, spec,
                                    fmt::format("Deployment {}: spec.selector.matchLabels must match "
                                                "spec.template.metadata.labels",
                                                deployment.name)));
    }
    if (!replicas) return;
    long count = 1;  // Kubernetes' default
    if (yaml_present(spec["replicas"]) && !YAML::convert<long>::decode(spec["replicas"], count)) count = -1;
    if (!replicas->contains(count)) {
      problems.push_back(problem_at(
          deployment, spec,
          fmt::format("Deployment {} has {} replica(s), need {}", deployment.name, count, replicas->describe())));
    }
  }

  /// Adds the ports `container` opens to `ports`, for the Service check, and
  /// notes the resources and probes it lacks.
  void check_container(const Manifest& deployment, const YAML::Node& container, std::vector<long>& ports,
                       std::vector<std::string>& problems) const {
    const std::string name = yaml_text(container["name"]);
    for (const auto& port : sequence_or_empty(container["ports"])) {
      long number = 0;
      if (YAML::convert<long>::decode(port["containerPort"], number)) ports.push_back(number);
    }
    if (resources) {
      for (const char* kind : {"requests", "limits"}) {
        for (const char* resource : {"cpu", "memory"}) {
          if (yaml_present(at(container, {"resources", kind, resource}))) continue;
          const char* amount = kind == std::string("requests") ? "request" : "limit";
          problems.push_back(
              problem_at(deployment, container, fmt::format("container {} sets no {} {}", name, resource, amount)));
        }
      }
    }
    if (probes) {
      for (const char* probe : {"readinessProbe", "livenessProbe"}) {
        if (!yaml_present(container[probe])) {
          problems.push_back(problem_at(deployment, container, fmt::format("container {} has no {}", name, probe)));
        }
      }
    }
  }
};

}  // namespace

std::unique_ptr<Check> parse_k8s_check(SpecMap& spec) {
  auto check = std::make_unique<K8sCheck>();
  check->path = spec.string("path").value_or("");
  if (!check->path.empty()) {
    if (auto problem = path_shape_problem(check->path); !problem.empty()) spec.error("path", problem);
  }
  check->resources = spec.boolean("resources").value_or(false);
  check->probes = spec.boolean("probes").value_or(false);
  check->service = spec.boolean("service").value_or(false);
  check->hpa = spec.boolean("hpa").value_or(false);
  if (spec.has("replicas"))
    check->replicas = read_count_range(spec.node("replicas"), "'replicas'", spec.file(), spec.diagnostics());
  return check;
}

}  // namespace labkit
