#pragma once
// The kept sandbox: one bubblewrap sandbox per run (per work tree and
// network), started once, in which labs-probe-launcher starts each probe in
// a pid and mount namespace of its own. A probe then costs a few forks, not a
// whole sandbox (docs/performance.md, docs/security.md).

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace labkit {

/// labs-probe-launcher beside the running labs; empty when it is missing
/// (then every probe gets a bubblewrap of its own).
const std::filesystem::path& probe_launcher();

/// The socket of the kept sandbox that `bwrap_command` (bubblewrap's command
/// line, the launcher's `serve` last) makes, started on first use. nullopt
/// when it cannot be kept here: the caller starts bubblewrap per probe.
std::optional<std::string> kept_sandbox_socket(const std::vector<std::string>& bwrap_command,
                                               const std::filesystem::path& tree,
                                               const std::vector<std::string>& environment);

/// Whether `pid` is a kept sandbox: a child of labs that outlives probes,
/// which the sweep after a probe must not count as something it left.
bool is_kept_sandbox(pid_t pid);

/// Ends the run's kept sandboxes and removes their sockets' folder: when labs
/// ends by a signal, no static destructor does it.
void end_kept_sandboxes();

}  // namespace labkit
