// The `quiz` check, for theory days: questions in the lab, the learner's
// answers in answers.yaml, compared through salted hashes so the lab file
// does not give the answers away. The hash is git's blob id of
// "SALT:ANSWER" (answer lower-cased, Cyrillic too, spaces collapsed), so an author makes
// one with `printf 'SALT:answer' | git hash-object --stdin`. Short answers
// can be guessed by trying candidates: this hides them from a glance, it is
// not a secret.
#include <labs/base/utf8.hpp>
#include <labs/model/check.hpp>
#include <labs/repo/git_ptr.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>
#include <git2.h>
#include <yaml-cpp/yaml.h>

#include <cctype>

namespace labkit {

namespace {

struct Question {
  std::string id, text;
  std::vector<std::string> hashes;  ///< any of them is right
};

std::string normalized(const std::string& answer) {
  std::string out;
  for (unsigned char c : answer) {
    if (std::isspace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return lower_case(out);
}

std::string answer_hash(const std::string& salt, const std::string& answer) {
  const std::string text = salt + ":" + normalized(answer);
  git_oid id{};
  git_libgit2_init();
  git_odb_hash(&id, text.data(), text.size(), GIT_OBJECT_BLOB);
  git_libgit2_shutdown();
  return hex_id(id);
}

class QuizCheck final : public Check {
 public:
  std::string file = "answers.yaml";
  std::string salt;
  std::vector<Question> questions;
  long min_correct = 0;  ///< 0 = all

  std::string describe() const override {
    return fmt::format("{} answers {} of {} questions right", file,
                       min_correct ? min_correct : static_cast<long>(questions.size()), questions.size());
  }

  StepOutcome run(const CheckContext& context) const override {
    const ResolvedPath resolved = resolve_inside(context.root(), file);
    std::string error;
    const auto text = resolved.ok() ? read_text_file(resolved, 256 << 10, error) : std::nullopt;
    if (!text) {
      return {Status::fail, fmt::format("no {}: write your answers there, one per question id (e.g. {}: your answer)",
                                        file, questions.front().id)};
    }
    YAML::Node answers;
    try {
      answers = YAML::Load(*text);
    } catch (const YAML::Exception& e) {
      return {Status::fail, fmt::format("{}:{}: not valid YAML: {}", file, e.mark.line + 1, e.msg), file,
              e.mark.line + 1};
    }
    long correct = 0;
    std::vector<std::string> wrong, missing;
    for (const auto& question : questions) {
      const YAML::Node given = answers.IsMap() ? answers[question.id] : YAML::Node();
      if (!given.IsDefined() || !given.IsScalar() || given.Scalar().empty()) {
        missing.push_back(question.id);
        continue;
      }
      const std::string hash = answer_hash(salt, given.Scalar());
      if (std::find(question.hashes.begin(), question.hashes.end(), hash) != question.hashes.end())
        ++correct;
      else
        wrong.push_back(question.id);
    }
    const long needed = min_correct ? min_correct : static_cast<long>(questions.size());
    const std::string summary =
        fmt::format("{} of {} right{}{}", correct, questions.size(),
                    wrong.empty() ? "" : fmt::format("; not right: {}", fmt::join(wrong, ", ")),
                    missing.empty() ? "" : fmt::format("; not answered: {}", fmt::join(missing, ", ")));
    return {correct >= needed ? Status::pass : Status::fail,
            correct >= needed ? summary : fmt::format("{}, need {}", summary, needed), file};
  }
};

}  // namespace

std::unique_ptr<Check> parse_quiz_check(SpecMap& spec) {
  auto check = std::make_unique<QuizCheck>();
  check->file = spec.one_path("file").value_or("answers.yaml");
  if (auto problem = path_shape_problem(check->file); !problem.empty()) spec.error("file", problem);
  check->salt = spec.string("salt", true).value_or("");
  const YAML::Node questions = spec.node("questions", true);
  if (questions.IsDefined() && (!questions.IsSequence() || questions.size() == 0)) {
    spec.error("questions", "'questions' is a non-empty list of {id, text, answers}");
  } else if (questions.IsDefined()) {
    for (const auto& entry : questions) {
      SpecMap question(entry, "question", {"id", "text", "answers"}, spec.file(), spec.diagnostics());
      if (!question.is_map()) continue;
      Question parsed{question.string("id", true).value_or(""), question.text("text", true).value_or(""),
                      question.string_list("answers", true).value_or(std::vector<std::string>{})};
      for (const auto& hash : parsed.hashes) {
        if (hash.size() != 40 || !std::all_of(hash.begin(), hash.end(), [](char c) {
              return std::isxdigit(static_cast<unsigned char>(c)) && !std::isupper(static_cast<unsigned char>(c));
            })) {
          question.error("answers", fmt::format("'{}' is not a hash: answers are 40 hex digits from "
                                                "printf 'SALT:answer' | git hash-object --stdin",
                                                hash));
        }
      }
      check->questions.push_back(std::move(parsed));
    }
  }
  check->min_correct = spec.integer("min_correct", 1, 1000).value_or(0);
  if (check->min_correct > static_cast<long>(check->questions.size())) {
    spec.error("min_correct", fmt::format("min_correct {} is more than the {} question(s)", check->min_correct,
                                          check->questions.size()));
  }
  if (check->questions.empty()) return nullptr;
  return check;
}

}  // namespace labkit
