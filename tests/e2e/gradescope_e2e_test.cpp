// End to end: the Gradescope autograder in ci/gradescope, run as Gradescope
// runs it (its /autograder tree made in a temporary folder) on the sample
// project, on an upload without its history, and packed by make-autograder.sh.
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace labkit;
using test::TempDir;
namespace fs = std::filesystem;

namespace {

/// /autograder as Gradescope lays it out: source/ (the zip), submission/, results/.
struct Autograder {
  TempDir temp;
  fs::path root = temp.path() / "autograder";
  Autograder() {
    fs::create_directories(root / "source");
    fs::create_directories(root / "submission");
    fs::copy_file(LABS_SOURCE_DIR "/ci/gradescope/labs.env", root / "source/labs.env");
  }
  nlohmann::json run() const {
    const int code = test::run_shell("AUTOGRADER_ROOT=" + root.string() + " LABS_BIN=" + LABS_BINARY +
                                     " bash " LABS_SOURCE_DIR "/ci/gradescope/run_autograder > " +
                                     (temp.path() / "stdout").string() + " 2>&1");
    CHECK(code == 0);  // Gradescope reads the results; the script itself never fails a submission
    return nlohmann::json::parse(test::read_text(root / "results/results.json"));
  }
};

}  // namespace

TEST_CASE("gradescope: run_autograder scores an uploaded project folder, history included", "[e2e][gradescope]") {
  Autograder autograder;
  // Uploaded as a zip of the project folder: one folder inside the submission.
  REQUIRE(test::run_shell("bash " LABS_SOURCE_DIR "/examples/make-sample-repo.sh " +
                          (autograder.root / "submission/my-project").string() + " >/dev/null") == 0);
  const auto results = autograder.run();
  INFO(results.dump(2));
  CHECK(results["tests"].size() >= 17);
  CHECK(results["max_score"].get<double>() > 0);
  CHECK(results["score"] == results["max_score"]);
  CHECK_THAT(test::read_text(autograder.temp.path() / "stdout"), Catch::Contains("items done"));
}

TEST_CASE("gradescope: an upload without its git history gets a results.json that says what to do",
          "[e2e][gradescope]") {
  Autograder autograder;
  test::write_text(autograder.root / "submission/train.py", "print('hello')\n");
  const auto results = autograder.run();
  CHECK(results["score"] == 0);
  CHECK_THAT(results["output"].get<std::string>(), Catch::Contains("no git history") && Catch::Contains(".git"));
}

TEST_CASE("gradescope: make-autograder.sh packs setup.sh and run_autograder at the zip's root with labs' source",
          "[e2e][gradescope]") {
  TempDir temp;
  const fs::path zip = temp.path() / "autograder.zip";
  REQUIRE(test::run_shell("bash " LABS_SOURCE_DIR "/ci/gradescope/make-autograder.sh " + zip.string() +
                          " > /dev/null") == 0);
  REQUIRE(test::run_shell("cd " + temp.path().string() + " && /usr/bin/python3 -m zipfile -e " + zip.string() +
                          " unpacked") == 0);
  const fs::path unpacked = temp.path() / "unpacked";
  for (const char* file :
       {"setup.sh", "run_autograder", "labs.env", "labs-src/CMakeLists.txt", "labs-src/scripts/install-deps.sh"})
    CHECK(fs::exists(unpacked / file));
  CHECK(test::run_shell("bash -n " + (unpacked / "setup.sh").string()) == 0);
}
