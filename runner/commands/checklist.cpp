// `labs checklist [--write FILE]`: the roadmap's progress checklist in
// markdown, ticked from what the learner's runs proved. On an existing file
// only the check marks of the milestone lines change; every other byte stays.
#include "commands/learner_progress.hpp"

#include <labs/base/atomic_file.hpp>
#include <labs/base/exit_codes.hpp>
#include <labs/base/strings.hpp>
#include <labs/repo/repo_files.hpp>

#include <fmt/format.h>

#include <boost/regex.hpp>
#include <iostream>

namespace labkit {

namespace {

std::string render(const LearnerProgress& progress) {
  std::string text = fmt::format("## Progress checklist ({} track)\n", progress.track);
  std::string after;
  for (const auto& milestone : progress.catalog.bundle.milestones) {
    if (milestone.track != progress.track) continue;
    if (milestone.after != after) text += fmt::format("\n### After {}\n", after = milestone.after);
    text += fmt::format("- [{}] {}\n", milestone_done(milestone, progress.state) ? 'x' : ' ', milestone.text);
  }
  return text;
}

struct Ticked {
  std::string text;
  int matched = 0, changed = 0;
};

/// Sets the mark of every "- [ ] TEXT" line whose TEXT is a milestone (in any of its languages).
Ticked tick_lines(const std::string& original, const LearnerProgress& progress) {
  static const boost::regex checkbox(R"(^(\s*[-*+]\s+\[)([ xX])(\]\s+)(.*)$)");
  Ticked result;
  std::size_t start = 0;
  while (start < original.size()) {
    const auto end = original.find('\n', start);
    std::string line = original.substr(start, end == std::string::npos ? std::string::npos : end - start);
    boost::smatch parts;
    if (boost::regex_match(line, parts, checkbox)) {
      const std::string label = trimmed(parts[4].str(), " \t\r");
      for (const auto& milestone : progress.catalog.bundle.milestones) {
        if (milestone.track != progress.track) continue;
        if (std::find(milestone.variants.begin(), milestone.variants.end(), label) == milestone.variants.end())
          continue;
        const char mark = milestone_done(milestone, progress.state) ? 'x' : ' ';
        ++result.matched;
        if (parts[2].str()[0] != mark && !(mark == 'x' && parts[2] == "X")) {
          ++result.changed;
          line = parts[1].str() + mark + parts[3].str() + parts[4].str();
        }
        break;
      }
    }
    result.text += line;
    if (end == std::string::npos) break;
    result.text += '\n';
    start = end + 1;
  }
  return result;
}

int run_checklist(const std::string& file, const GlobalOptions& globals) {
  auto read = read_learner_progress(globals, "");
  if (auto* code = std::get_if<int>(&read)) return *code;
  const auto& progress = std::get<LearnerProgress>(read);
  if (file.empty()) {
    std::cout << render(progress);
    return kExitPassed;
  }
  // A new file, or a device such as /dev/stdout: the whole checklist.
  std::error_code missing;
  if (!std::filesystem::is_regular_file(file, missing)) {
    if (const std::string problem = replace_file_atomically(file, render(progress)); !problem.empty()) {
      std::cerr << fmt::format("labs checklist: cannot write {}: {}\n", file, problem);
      return kExitEnvironment;
    }
    std::cout << fmt::format("labs checklist: wrote {}\n", file);
    return kExitPassed;
  }
  std::string error;
  const auto original = read_text_file(file, 16 << 20, error);
  if (!original) {
    std::cerr << fmt::format("labs checklist: cannot read {}: {}\n", file, error);
    return kExitEnvironment;
  }
  const Ticked ticked = tick_lines(*original, progress);
  if (ticked.matched == 0) {
    std::cerr << fmt::format(
        "labs checklist: no checkbox line of {} is a milestone of the {} track; "
        "labs checklist shows them\n",
        file, progress.track);
    return kExitFailed;
  }
  if (ticked.changed) {
    if (const std::string problem = replace_file_atomically(file, ticked.text); !problem.empty()) {
      std::cerr << fmt::format("labs checklist: cannot write {}: {}\n", file, problem);
      return kExitEnvironment;
    }
  }
  std::cout << fmt::format("labs checklist: {} milestone line(s) in {}, {} changed\n", ticked.matched, file,
                           ticked.changed);
  return kExitPassed;
}

}  // namespace

void define_checklist(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto file = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand("checklist", "The roadmap's progress checklist, ticked from what you proved");
  command->footer(
      "\nOn an existing file only the check marks of the milestone lines change (in English or in the\n"
      "roadmap's Russian); other lines stay as they are.\n\nExamples:\n"
      "  labs checklist                    print it in markdown\n"
      "  labs checklist --write PROGRESS.md  create or update a file");
  command->add_option("--write", *file, "Write into this markdown file instead of printing");
  command->callback([file, &globals, &exit_code] { exit_code = run_checklist(*file, globals); });
}

}  // namespace labkit
