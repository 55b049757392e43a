#pragma once

#include <cstddef>
#include <string>

namespace labkit::test {

/// Points Podman at the project's settings (tests/podman/containers.conf) and
/// makes the offline stand-in for python:3.11-slim once
/// (scripts/offline-python-image.sh). REQUIREs that it worked.
void prepare_engine();

/// "CONTAINERS_CONF=..." for a labs binary that runs containers.
std::string engine_setting();

/// Containers and images labs made that still exist.
std::size_t probe_leftovers();

}  // namespace labkit::test
