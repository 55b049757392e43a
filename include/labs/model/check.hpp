#pragma once

#include <labs/base/diagnostics.hpp>
#include <labs/base/limits.hpp>
#include <labs/model/status.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace labkit {

class Repo;

/// What a step found: its status and evidence a learner understands
/// ("found 1 commit, need at least 3"). A failure may point at a place in the
/// learner's repository, which CI annotations link to.
struct StepOutcome {
  Status status = Status::pass;
  std::string evidence;
  std::string path;  ///< repo-relative file the finding is about, if any
  int line = 0;      ///< 1-based line in that file, 0 when none
};

/// What every step of one run reads, whichever thread takes it: built once
/// per run and shared, so no worker can end up with a partial copy.
struct RunSettings {
  std::filesystem::path root;  ///< the work tree, canonical
  std::chrono::milliseconds default_timeout = kDefaultProbeTimeout;
  std::filesystem::path mlflow_store;  ///< --mlflow-uri; "" = the lab's choice or the store found in the repo
  std::string training_command;        ///< `train:` of the learner's .labs.yaml; "" = discover the training
};

/// Everything a check may look at. Checks read the repository only through it.
struct CheckContext {
  Repo& repo;  ///< this thread's libgit2 handle (they belong to one thread)
  const RunSettings& settings;
  unsigned short service_port = 0;  ///< set for the steps inside a `service` step
  /// What earlier steps against the same server saved for later ones (the id
  /// a POST answered with, `save:` in an http step); null outside a server.
  std::map<std::string, std::string>* saved = nullptr;
  /// The tree the server of a `service` step runs in (its scratch copy), so
  /// steps inside it can look at what the server wrote; empty outside one.
  std::filesystem::path served_tree;

  const std::filesystem::path& root() const { return settings.root; }
};

/// One verification step of an item, built and validated when the lab loads.
class Check {
 public:
  virtual ~Check() = default;
  virtual StepOutcome run(const CheckContext& context) const = 0;
  /// One line saying what is checked, for `labs list` and reports.
  virtual std::string describe() const = 0;

  /// Whether this step runs the learner's code, and whether its result may be
  /// cached, when that depends on the step and not only on its kind (a step
  /// made of other steps); nullopt: as its kind's registry row says.
  struct Probing {
    bool runs_learner_code;
    bool cacheable;
  };
  virtual std::optional<Probing> probing() const { return std::nullopt; }
};

}  // namespace labkit
