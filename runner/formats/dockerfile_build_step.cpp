#include <labs/formats/dockerfile.hpp>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/regex.hpp>

#include <string>

namespace labkit {

namespace {

std::string squeeze_spaces(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

/// Step numbers count instructions from the stage's FROM (Buildah, BuildKit)
/// or through the whole file (the classic builder): either may break a tie.
bool numbered_as(const Dockerfile& file, std::size_t index, long number) {
  if (static_cast<long>(index) + 1 == number) return true;
  for (const DockerStage& stage : file.stages) {
    if (index >= stage.first && index < stage.end) return static_cast<long>(index - stage.first) + 1 == number;
  }
  return false;
}

}  // namespace

const DockerInstruction* failed_build_instruction(const Dockerfile& file, std::string_view build_output) {
  static const boost::regex header(R"((?:^|\n)(?:\[[^\]\n]*\] )?(?:STEP|Step) (\d+)/\d+ ?: ([^\n]*))"
                                   R"(|(?:^|\n)#\d+ \[(?:[^\]\n]* )?(\d+)/\d+\] ([^\n]*))");
  long number = 0;
  std::string printed;
  for (boost::cregex_iterator match(build_output.data(), build_output.data() + build_output.size(), header), end;
       match != end; ++match) {
    const bool buildah = (*match)[1].matched;
    number = std::stol((*match)[buildah ? 1 : 3].str());
    printed = squeeze_spaces((*match)[buildah ? 2 : 4].str());
  }
  if (printed.empty()) return nullptr;
  const std::string keyword = printed.substr(0, printed.find(' '));
  const DockerInstruction* found = nullptr;
  for (std::size_t index = 0; index < file.instructions.size(); ++index) {
    const DockerInstruction& instruction = file.instructions[index];
    if (!boost::iequals(instruction.keyword, keyword)) continue;
    if (printed.find(squeeze_spaces(instruction.arguments)) == std::string::npos) continue;
    if (numbered_as(file, index, number)) return &instruction;
    if (!found) found = &instruction;
  }
  return found;
}

}  // namespace labkit
