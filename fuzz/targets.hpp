#pragma once
// The fuzz targets: each feeds one input to one reader of untrusted (or
// instructor-written) text. libFuzzer drives them in fuzz/ (scripts/fuzz.sh);
// the test suite replays every kept input under fuzz/regressions/ through the
// same functions, so a fixed crash stays fixed.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace labkit::fuzz {

struct Target {
  std::string_view name;
  void (*run)(const std::uint8_t* data, std::size_t size);
};

void lab_loader(const std::uint8_t* data, std::size_t size);
void dockerfile(const std::uint8_t* data, std::size_t size);
void junit_xml(const std::uint8_t* data, std::size_t size);
void mlflow_store(const std::uint8_t* data, std::size_t size);
void repo_files(const std::uint8_t* data, std::size_t size);
void selector(const std::uint8_t* data, std::size_t size);

inline constexpr Target kTargets[] = {
    {"lab_loader", &lab_loader},     {"dockerfile", &dockerfile}, {"junit_xml", &junit_xml},
    {"mlflow_store", &mlflow_store}, {"repo_files", &repo_files}, {"selector", &selector},
};

}  // namespace labkit::fuzz
