#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace labkit {

/// One instruction of a Dockerfile, with the lines it spans.
struct DockerInstruction {
  std::string keyword;             ///< upper-cased: FROM, RUN, COPY...
  std::string arguments;           ///< after the keyword and flags; continuation lines joined
  std::vector<std::string> flags;  ///< leading --name=value options (--from, --chown, --mount...)
  int line = 0;                    ///< 1-based first line
  bool json_form = false;          ///< exec form: arguments were a JSON array of strings
  std::vector<std::string> json_args;
  std::vector<std::string> heredocs;  ///< bodies of `<<EOF` documents, in order
};

/// A stage: from one FROM to the next.
struct DockerStage {
  std::string image;  ///< as written: python:3.11-slim, $BASE, scratch, an earlier stage's name
  std::string name;   ///< after AS, "" when none
  int line = 0;
  std::size_t first = 0;  ///< index of its FROM in instructions
  std::size_t end = 0;    ///< one past its last instruction
};

/// A Dockerfile parsed as BuildKit's frontend reads it: parser directives
/// (syntax, escape, check) only at the top, the escape character (\ or `),
/// line continuations with comment lines inside them dropped, heredocs, JSON
/// (exec) versus shell form — a JSON array with single quotes is shell form,
/// as Docker treats it — ARG before the first FROM, and multi-stage builds.
struct Dockerfile {
  char escape = '\\';
  std::string syntax;
  std::vector<DockerInstruction> instructions;  ///< global ARGs first, then the stages'
  std::vector<DockerStage> stages;
  std::vector<std::string> problems;  ///< "LINE: message" for what BuildKit would reject

  const DockerStage* final_stage() const { return stages.empty() ? nullptr : &stages.back(); }
};

Dockerfile parse_dockerfile(std::string_view text);

}  // namespace labkit

namespace labkit {

/// The instruction a failed image build stopped at, read from the last step
/// header in the engine's output — Podman/Buildah "STEP 3/7: RUN ...", the
/// classic Docker builder "Step 3/7 : RUN ...", BuildKit "#8 [2/5] RUN ..." —
/// and found in the parsed Dockerfile; nullptr when the output names none.
const DockerInstruction* failed_build_instruction(const Dockerfile& file, std::string_view build_output);

}  // namespace labkit
