// In-process timing of the work `labs verify` does once the program is
// loaded: load and validate the catalog, open the repository, run the
// selected labs. Process start-up is measured separately by run.sh.
//   usage: labs_bench REPO SELECTOR [ITERATIONS]
//          labs_bench REPO --discover [ITERATIONS]   (project discovery alone)
//          labs_bench TREE --scratch [ITERATIONS]    (a scratch copy of a work tree)
#include <labs/engine/executor.hpp>
#include <labs/process/scratch_copy.hpp>
#include <labs/repo/project_map.hpp>
#include <labs/repo/repo.hpp>
#include <labs/spec/loader.hpp>
#include <labs/spec/selector.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <vector>

using namespace labkit;
using Clock = std::chrono::steady_clock;

namespace {

double median_ms(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

/// Project discovery alone, on an open repository (the walk, the index and
/// ignore rules, and reading the YAML and Python it sorts by content).
int bench_discovery(const char* repo, int iterations) {
  auto opened = Repo::open(repo, false);
  if (!opened.repo) {
    fmt::print(stderr, "{}\n", opened.problem);
    return 3;
  }
  std::vector<double> samples;
  std::size_t found = 0;
  for (int i = 0; i < iterations; ++i) {
    const auto start = Clock::now();
    const ProjectMap map = discover_project(*opened.repo);
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    found = map.dockerfiles.size() + map.config_files.size() + map.test_files.size();
  }
  fmt::print("project discovery: median {:.2f} ms ({} files sorted)\n", median_ms(samples), found);
  return 0;
}

/// A scratch copy of a work tree, made and removed (docs/check-kinds.md).
int bench_scratch(const char* tree, int iterations) {
  std::vector<double> samples;
  std::string summary;
  const std::filesystem::path root = std::filesystem::canonical(tree);
  for (int i = 0; i < iterations; ++i) {
    std::string error;
    const auto start = Clock::now();
    const auto copy = ScratchCopy::make(root, error);
    samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!copy) {
      fmt::print(stderr, "{}\n", error);
      return 3;
    }
    summary = copy->summary();
  }
  fmt::print("scratch copy: median {:.1f} ms for {}\n", median_ms(samples), summary);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: labs_bench REPO SELECTOR [ITERATIONS]\n");
    return 2;
  }
  const int iterations = argc > 3 ? std::atoi(argv[3]) : 50;
  if (std::string(argv[2]) == "--discover") return bench_discovery(argv[1], iterations);
  if (std::string(argv[2]) == "--scratch") return bench_scratch(argv[1], iterations);
  // libgit2's start-up (with mbedTLS it parses the system's CA bundle) is paid
  // once per process; hold one reference so the loop measures labs' own work.
  const auto init_start = Clock::now();
  git_libgit2_init();
  fmt::print("libgit2 init (once per process): {:.2f} ms\n",
             std::chrono::duration<double, std::milli>(Clock::now() - init_start).count());
  std::vector<double> load_ms, run_ms;
  for (int i = 0; i < iterations; ++i) {
    const auto t0 = Clock::now();
    const Bundle bundle = load_bundle(embedded_lab_sources());
    std::string error;
    auto selector = parse_selector(argv[2], bundle_tracks(bundle), error);
    if (!selector) {
      fmt::print(stderr, "{}\n", error);
      return 2;
    }
    const auto selections = select_labs(bundle, {*selector}, "mlops", error);
    const auto t1 = Clock::now();
    auto opened = Repo::open(argv[1], false);
    if (!opened.repo) {
      fmt::print(stderr, "{}\n", opened.problem);
      return 3;
    }
    const RunSettings settings{opened.repo->root()};
    const CheckContext context{*opened.repo, settings};
    const RunResult result = execute_plan(plan_run(selections), context);
    const auto t2 = Clock::now();
    load_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    run_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    if (i == 0) fmt::print("items: {}, passed: {}\n", result.totals().items, result.totals().passed);
  }
  fmt::print("load+validate catalog: median {:.2f} ms\n", median_ms(load_ms));
  fmt::print("open repo + run {}: median {:.2f} ms\n", argv[2], median_ms(run_ms));
  return 0;
}
