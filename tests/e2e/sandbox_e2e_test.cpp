// The probe sandbox attacked as a hostile learner would (issue 20): each
// probe tries what got through before — capabilities, the host's files,
// secrets through /proc, keystrokes into the terminal, programs planted in a
// virtualenv, daemons and fork-hoppers, a forged grade — and the test checks
// it did not work. Observations go to a file in the work tree, the only
// folder a probe may write.
#include "support/processes.hpp"
#include "support/run_labs.hpp"
#include "support/test_repo.hpp"

#include <labs/process/sandbox.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

using namespace labkit;
using test::run_labs;
using test::TempDir;
using test::TestRepo;
namespace fs = std::filesystem;

namespace {

/// A lab of one item per probe, each a command step.
std::string probe_lab(const std::vector<std::pair<std::string, std::string>>& probes) {
  std::string text = "schema: 1\nid: hostile\ntrack: mlops\nweek: 1\ntitle: Hostile probes\nitems:\n";
  for (const auto& [id, command] : probes) {
    text += "  - id: " + id + "\n    text: " + id + "\n    verify:\n      - command:\n          run: |\n";
    std::istringstream lines(command);
    for (std::string line; std::getline(lines, line);) text += "            " + line + "\n";
    text += "          timeout: 20\n";
  }
  return text;
}

struct Hostile {
  TempDir temp;
  fs::path labs = temp.path() / "labs";
  fs::path root = temp.path() / "repo";
  fs::path outside = temp.path() / "outside";

  explicit Hostile(const std::string& lab) {
    fs::create_directories(labs);
    fs::create_directories(outside);
    test::write_text(labs / "hostile.yaml", lab);
    fs::create_directories(root);
    TestRepo repo(root);
    repo.write("README.md", "# project\n");
    repo.commit("Start");
  }
  test::LabsRun verify(const std::vector<std::string>& extra = {}, const std::vector<std::string>& environment = {},
                       const std::string& wrapper = "") const {
    std::vector<std::string> args{"--labs", labs.string(), "verify", "hostile", "--no-cache"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_labs(args, root, environment, wrapper);
  }
  std::string observed(const std::string& name = "observed.txt") const { return test::read_text(root / name); }
};

/// The machines labs is tested on (install-deps.sh installs bubblewrap) can
/// make the sandbox; a test of it must not pass by finding none.
void require_sandbox() {
  INFO(sandbox_support().reason);
  REQUIRE(sandbox_support().available);
}

}  // namespace

TEST_CASE("sandbox: a probe has no capability, cannot remount / and writes only its work tree", "[sandbox]") {
  require_sandbox();
  Hostile project(probe_lab({{"escape",
                              "grep CapEff /proc/self/status > observed.txt\n"
                              "id -u >> observed.txt\n"
                              "mount -o remount,rw / 2>/dev/null && echo REMOUNTED >> observed.txt\n"
                              "touch /etc/labs-pwned 2>/dev/null && echo WROTE-ETC >> observed.txt\n"
                              "touch ../outside/pwned 2>/dev/null && echo WROTE-OUTSIDE >> observed.txt\n"
                              "echo x > .git/pwned 2>/dev/null && echo WROTE-GIT >> observed.txt\n"
                              "exit 0"}}));
  const auto run = project.verify();
  CHECK(run.exit_code == 0);
  const std::string seen = project.observed();
  CHECK_THAT(seen, Catch::Contains("CapEff:\t0000000000000000"));
  if (::getuid() == 0) CHECK_THAT(seen, Catch::Contains("65534"));
  for (const char* escape : {"REMOUNTED", "WROTE-ETC", "WROTE-OUTSIDE", "WROTE-GIT"})
    CHECK_THAT(seen, !Catch::Contains(escape));
  CHECK_FALSE(fs::exists("/etc/labs-pwned"));
  CHECK_FALSE(fs::exists(project.outside / "pwned"));
  CHECK_FALSE(fs::exists(project.root / ".git/pwned"));
}

TEST_CASE("sandbox: no canary is readable from /proc, the home folder or a socket outside the tree", "[sandbox]") {
  require_sandbox();
  Hostile project(probe_lab({{"steal",
                              "for f in /proc/[0-9]*/environ /proc/[0-9]*/cmdline; do cat $f; echo; done "
                              "> observed.txt 2>/dev/null\n"
                              "for p in /proc/[0-9]*; do head -c 4096 $p/mem; done >> observed.txt 2>&1\n"
                              "cat \"$HOME\"/.ssh/* /root/.ssh/* ../outside/* >> observed.txt 2>&1\n"
                              "ls -a \"$HOME\" >> observed.txt 2>&1\n"
                              "exit 0"}}));
  const fs::path home = project.temp.path() / "home";
  test::write_text(home / ".ssh/id_ed25519", "canary-ssh-key\n");
  test::write_text(project.outside / "roster.csv", "student,repo\ncanary-other,/srv/canary\n");
  const auto run =
      project.verify({}, {"HOME=" + home.string(), "GITHUB_TOKEN=canary-gh", "AWS_SECRET_ACCESS_KEY=canary-aws",
                          "DB_PASSWORD=canary-pw", "SSH_AUTH_SOCK=/tmp/canary.sock", "GITHUB_ENV=/tmp/canary-env"});
  CHECK(run.exit_code == 0);
  const std::string seen = project.observed();
  CHECK_FALSE(seen.empty());
  CHECK_THAT(seen, !Catch::Contains("canary"));
}

TEST_CASE("sandbox: without a sandbox, labs' own environment is still unreadable to a same-user probe",
          "[sandbox][setpriv]") {
  // PR_SET_DUMPABLE 0: a probe of the same uid cannot open /proc/<labs>/environ or mem.
  Hostile project(probe_lab({{"steal",
                              "for p in /proc/[0-9]*; do cat $p/environ; head -c 4096 $p/mem; done "
                              "> observed.txt 2>/dev/null\nexit 0"}}));
  const fs::path home = project.temp.path() / "home";
  fs::create_directories(home);
  REQUIRE(test::run_shell("chown -R 65534:65534 " + project.temp.path().string() + " && chmod 755 " +
                          project.temp.path().string()) == 0);
  const auto run = project.verify({"--no-sandbox"}, {"HOME=" + home.string(), "GITHUB_TOKEN=canary-gh"},
                                  "setpriv --reuid 65534 --regid 65534 --clear-groups");
  CHECK(run.exit_code == 0);
  CHECK_THAT(project.observed(), !Catch::Contains("canary"));
}

TEST_CASE("sandbox: run by an unprivileged user, a probe is that user with no capability and no canary",
          "[sandbox][setpriv]") {
  require_sandbox();
  Hostile project(probe_lab({{"steal",
                              "grep CapEff /proc/self/status > observed.txt\n"
                              "id -u >> observed.txt\n"
                              "for p in /proc/[0-9]*; do cat $p/environ; head -c 4096 $p/mem; done "
                              ">> observed.txt 2>/dev/null\n"
                              "touch ../outside/pwned 2>/dev/null && echo WROTE-OUTSIDE >> observed.txt\n"
                              "exit 0"}}));
  const fs::path home = project.temp.path() / "home";
  fs::create_directories(home);
  REQUIRE(test::run_shell("chown -R 65534:65534 " + project.temp.path().string() + " && chmod 755 " +
                          project.temp.path().string()) == 0);
  const auto run = project.verify({"--require-sandbox"}, {"HOME=" + home.string(), "GITHUB_TOKEN=canary-gh"},
                                  "setpriv --reuid 65534 --regid 65534 --clear-groups");
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  const std::string seen = project.observed();
  CHECK_THAT(seen, Catch::Contains("CapEff:\t0000000000000000"));
  CHECK_THAT(seen, Catch::Contains("65534"));
  CHECK_THAT(seen, !Catch::Contains("canary"));
  CHECK_THAT(seen, !Catch::Contains("WROTE-OUTSIDE"));
}

TEST_CASE("sandbox: a probe cannot open the terminal, so TIOCSTI cannot type into the user's shell", "[sandbox]") {
  require_sandbox();
  Hostile project(probe_lab({{"inject",
                              "python3 -c \"import os\ntry:\n  os.open('/dev/tty', os.O_RDWR)\n  print('TTY-OPENED')\n"
                              "except OSError as e:\n  print('no tty', e.errno)\" > observed.txt\nexit 0"}}));
  // script(1) gives labs a controlling terminal, as a learner's shell would.
  const std::string command = "script -qec " + std::string("'") + LABS_BINARY + " --labs " + project.labs.string() +
                              " verify hostile --no-cache' /dev/null > /dev/null 2>&1";
  REQUIRE(test::run_shell("cd " + project.root.string() + " && " + command) == 0);
  const std::string seen = project.observed();
  CHECK_THAT(seen, Catch::Contains("no tty"));
  CHECK_THAT(seen, !Catch::Contains("TTY-OPENED"));
}

TEST_CASE("sandbox: a daemon with an empty environment and a fork-hopper end with their probe", "[sandbox]") {
  require_sandbox();
  const std::string tag = "labs-hostile-" + std::to_string(::getpid());
  Hostile project(probe_lab({{"daemon", "cp /bin/sleep ./" + tag + "-daemon\nenv -i setsid ./" + tag +
                                            "-daemon 300 > /dev/null 2>&1 < /dev/null &\nexit 0"},
                             {"hopper", "printf '#!/bin/sh\\nsleep 0.05\\n./" + tag + "-hop &\\n' > ./" + tag +
                                            "-hop\nchmod +x ./" + tag + "-hop\n./" + tag + "-hop &\nsleep 0.3\nexit 0"},
                             {"after", "echo fine > observed.txt"}}));
  const auto run = project.verify({"--jobs", "1"});
  CHECK(run.exit_code == 0);
  CHECK(project.observed() == "fine\n");
  CHECK(test::no_process_named_soon(tag));
}

TEST_CASE("sandbox: killing labs with SIGKILL mid-probe ends the probe's whole namespace", "[sandbox]") {
  require_sandbox();
  const std::string tag = "labs-orphan-" + std::to_string(::getpid());
  Hostile project(probe_lab({{"daemon", "cp /bin/sleep ./" + tag + "\nenv -i setsid ./" + tag +
                                            " 300 > /dev/null 2>&1 < /dev/null &\nsleep 60"}}));
  const pid_t labs = ::fork();
  if (labs == 0) {
    ::chdir(project.root.c_str());
    ::execl(LABS_BINARY, LABS_BINARY, "--labs", project.labs.c_str(), "verify", "hostile", "--no-cache", nullptr);
    ::_exit(127);
  }
  bool started = false;
  for (int tries = 0; tries < 100 && !started; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    started = test::processes_named(tag) > 0;
  }
  ::kill(labs, SIGKILL);
  ::waitpid(labs, nullptr, 0);
  CHECK(started);
  CHECK(test::no_process_named_soon(tag));
}

// Sanitizer builds of labs set no address-space limit (see launch.cpp).
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
TEST_CASE("sandbox: probes of a run share one kept sandbox, each with a pid namespace and /proc of its own",
          "[sandbox]") {
  require_sandbox();
  const auto looks = [](const std::string& n) {
    return "readlink /proc/self/ns/ipc > ipc-" + n + "\necho $$ > pid-" + n +
           "\nread -r me rest < /proc/self/stat\n[ \"$me\" = \"$$\" ] && echo yes > own-proc-" + n +
           "\nls /proc | grep -c '^[0-9]' > processes-" + n;
  };
  Hostile project(probe_lab({{"one", looks("1")}, {"two", looks("2")}}));
  const auto run = project.verify({"--jobs", "1"});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  // One sandbox for the run (its ipc namespace), a pid namespace per probe:
  // each probe's shell has the same low pid, where in a shared namespace the
  // second would come after the first's processes. (Namespace inode numbers
  // cannot tell: a freed namespace's number is reused by the next.)
  CHECK(project.observed("ipc-1") == project.observed("ipc-2"));
  CHECK(project.observed("pid-1") == project.observed("pid-2"));
  CHECK(std::stoi(project.observed("pid-1")) <= 3);
  // A tool that reads /proc/<its pid> finds itself, and no other probe.
  CHECK(project.observed("own-proc-1") == "yes\n");
  CHECK(project.observed("own-proc-2") == "yes\n");
  CHECK(std::stoi(project.observed("processes-1")) <= 4);
}

TEST_CASE("sandbox: a probe past its time gets SIGTERM first, so it can clean up", "[sandbox]") {
  require_sandbox();
  Hostile project(
      "schema: 1\nid: hostile\ntrack: mlops\nweek: 1\ntitle: Slow\nitems:\n  - id: slow\n    text: slow\n"
      "    verify:\n      - command:\n          run: |\n"
      "            trap 'echo cleaned > cleaned.txt; exit 3' TERM\n            sleep 30 &\n            wait\n"
      "          timeout: 1\n");
  const auto run = project.verify();
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK(project.observed("cleaned.txt") == "cleaned\n");
}

TEST_CASE("sandbox: a program outside what the sandbox shows cannot start, and labs says so", "[sandbox]") {
  require_sandbox();
  TempDir elsewhere;
  const fs::path tool = elsewhere.path() / "tool";
  test::write_text(tool, "#!/bin/sh\necho ran > ran.txt\n");
  fs::permissions(tool, fs::perms::owner_all);
  Hostile project(
      "schema: 1\nid: hostile\ntrack: mlops\nweek: 1\ntitle: Outside\nitems:\n  - id: outside\n"
      "    text: outside\n    verify:\n      - command: {run: \"" +
      tool.string() + "\"}\n");
  const auto run = project.verify();
  INFO(run.out << run.err);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("cannot start " + tool.string() + ": No such file or directory"));
  CHECK_FALSE(fs::exists(project.root / "ran.txt"));
}

TEST_CASE("sandbox: a step's memory_mb sets its own limit, lower or higher than the run's", "[sandbox]") {
  const auto lab = [](const std::string& hog_limit, const std::string& small_limit) {
    return "schema: 1\nid: hostile\ntrack: mlops\nweek: 1\ntitle: Memory\nitems:\n"
           "  - id: hog\n    text: hog\n    verify:\n"
           "      - command: {run: \"python3 -c 'b = bytearray(3 << 30)'\", memory_mb: " +
           hog_limit +
           "}\n"
           "  - id: small\n    text: small\n    verify:\n"
           "      - command: {run: \"python3 -c 'b = bytearray(300 << 20)'\", memory_mb: " +
           small_limit + "}\n";
  };
  // The 3 GiB array fits the step's 8 GiB over the run's 2 GiB; 300 MiB does not fit 128 MiB.
  Hostile project(lab("8192", "128"));
  const auto run = project.verify();
  INFO(run.out << run.err);
  const auto marks = test::item_marks(run.out);
  CHECK(marks.at("hog") == "✓");
  CHECK(marks.at("small") == "✗");
  CHECK_THAT(run.out, Catch::Contains("MemoryError"));
}

TEST_CASE("sandbox: a probe over the memory limit fails, and the limit is the user's to raise", "[sandbox]") {
  Hostile project(probe_lab({{"hog", "python3 -c 'b = bytearray(3 << 30); print(len(b))'"}}));
  const auto limited = project.verify({"--report", "text"});
  CHECK(limited.exit_code == 1);
  CHECK_THAT(limited.out, Catch::Contains("MemoryError"));
  const auto raised = project.verify({"--memory-limit", "8192"});
  CHECK(raised.exit_code == 0);
}
#endif

TEST_CASE("sandbox: where bubblewrap cannot be used, a note and the plain runner, or a refusal when required",
          "[sandbox]") {
  REQUIRE(::getuid() == 0);  // hiding /usr/bin/bwrap takes a mount namespace of root's
  Hostile project(probe_lab({{"plain", "echo ran > observed.txt"}}));
  // A mount namespace where /usr/bin/bwrap is /dev/null: not executable.
  const std::string no_bwrap = "bwrap --dev-bind / / --ro-bind /dev/null /usr/bin/bwrap --";
  const auto automatic = project.verify({}, {}, no_bwrap);
  CHECK(automatic.exit_code == 0);
  CHECK_THAT(automatic.err, Catch::Contains("probes run without a sandbox"));
  CHECK(project.observed() == "ran\n");
  fs::remove(project.root / "observed.txt");
  const auto required = project.verify({"--require-sandbox"}, {}, no_bwrap);
  CHECK(required.exit_code == 3);
  CHECK_THAT(required.err, Catch::Contains("sandbox is required"));
  CHECK_FALSE(fs::exists(project.root / "observed.txt"));
}

TEST_CASE("sandbox: static checks never run a python3 or promtool planted in the learner's virtualenv", "[sandbox]") {
  TempDir temp;
  const fs::path labs = temp.path() / "labs";
  test::write_text(labs / "static.yaml", R"(schema: 1
id: static
track: mlops
week: 1
title: Static
items:
  - id: dag
    text: A DAG
    verify:
      - airflow: {dags: "dags/*.py"}
  - id: alerts
    text: Prometheus
    verify:
      - prometheus: {config: prometheus.yml, scrapes: [api]}
)");
  const fs::path root = temp.path() / "repo";
  fs::create_directories(root);
  TestRepo repo(root);
  const std::string fake = "#!/bin/sh\necho ran > \"$(dirname \"$0\")/../../FAKE-RAN\"\nexit 0\n";
  repo.write(".venv/pyvenv.cfg", "home = /usr/bin\n");
  for (const char* tool : {"python3", "python", "promtool", "docker", "podman"}) {
    repo.write(std::string(".venv/bin/") + tool, fake);
    fs::permissions(root / ".venv/bin" / tool, fs::perms::owner_all, fs::perm_options::add);
  }
  // Syntax error: a parenthesis left open; labs' reading alone would pass it.
  repo.write("dags/train.py",
             "from airflow import DAG\nfrom airflow.operators.bash import BashOperator\n"
             "with DAG('d', schedule='@daily') as dag:\n"
             "    a = BashOperator(task_id='a', bash_command='echo')\n"
             "    b = BashOperator(task_id='b', bash_command='echo'\n"
             "    a >> b\n");
  repo.write("prometheus.yml",
             "scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: ['api:8000']\n");
  repo.commit("Planted tools");
  for (const char* mode : {"--no-probes", "--no-cache"}) {
    const auto run = run_labs({"--labs", labs.string(), "verify", "static", mode, "--report", "text"}, root);
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.out, Catch::Contains("syntax error"));
    CHECK_FALSE(fs::exists(root / "FAKE-RAN"));
  }
}

namespace {

/// grades.csv as student → column → value (plain names, no quoted commas).
std::map<std::string, std::map<std::string, std::string>> gradebook(const fs::path& file) {
  std::istringstream lines(test::read_text(file));
  const auto cells = [](const std::string& line) {
    std::vector<std::string> found;
    std::istringstream parts(line);
    for (std::string cell; std::getline(parts, cell, ',');) {
      if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') cell = cell.substr(1, cell.size() - 2);
      found.push_back(cell);
    }
    return found;
  };
  std::string line;
  std::getline(lines, line);
  const auto header = cells(line);
  std::map<std::string, std::map<std::string, std::string>> rows;
  while (std::getline(lines, line)) {
    const auto row = cells(line);
    for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) rows[row[0]][header[i]] = row[i];
  }
  return rows;
}

}  // namespace

TEST_CASE("sandbox: grade --sandbox as root: a probe cannot forge its report or touch the host", "[sandbox][grade]") {
  require_sandbox();
  TempDir temp;
  const fs::path labs = temp.path() / "labs";
  test::write_text(labs / "work.yaml", R"(schema: 1
id: work
track: mlops
week: 1
title: Work
items:
  - id: readme
    text: A README
    verify:
      - file: {path: README.md}
  - id: tests
    text: The tests pass
    verify:
      - command: {run: sh run.sh, timeout: 20}
)");
  // A report of 100 % in the shape labs writes, and every way to plant it.
  const std::string forge =
      "cat > /tmp/forged.json <<'E'\n"
      "{\"summary\":{\"score\":2,\"max\":2,\"percent\":100},\"labs\":[]}\nE\n"
      "for target in ../report.json ../../report.json \"$PWD/../report.json\"; do\n"
      "  cp /tmp/forged.json \"$target\" 2>/dev/null && echo planted \"$target\" >> forged.txt\n"
      "done\n"
      "mount --bind /tmp/forged.json ../report.json 2>/dev/null && echo mounted >> forged.txt\n"
      "mount -o remount,rw / 2>/dev/null && echo remounted >> forged.txt\n"
      "for p in /proc/[0-9]*; do cat /tmp/forged.json > $p/fd/1; done 2>/dev/null\n"
      "touch /labs-forged-host 2>/dev/null\n"
      "exit 1\n";
  for (const char* student : {"honest", "forger"}) {
    TestRepo repo(temp.path() / student);
    repo.write("README.md", "# work\n");
    repo.write("run.sh", std::string(student) == "forger" ? forge : "exit 1\n");
    repo.commit("Work");
  }
  test::write_text(temp.path() / "roster.csv", "student,repo\nhonest,honest\nforger,forger\n");
  const auto run = test::run_labs(
      {"--labs", labs.string(), "grade", "roster.csv", "work", "--out", "out", "--sandbox", "--jobs", "1"},
      temp.path());
  INFO(run.out << run.err);
  INFO(test::read_text(temp.path() / "out/grades.csv"));
  const auto grades = gradebook(temp.path() / "out/grades.csv");
  REQUIRE(grades.count("honest"));
  REQUIRE(grades.count("forger"));
  CHECK(grades.at("honest").at("grading_status") == "ok");
  CHECK(grades.at("forger").at("grading_status") == "ok");
  CHECK(grades.at("honest").at("percent") == "50.0");
  CHECK(grades.at("forger").at("percent") == "50.0");
  CHECK_FALSE(fs::exists("/labs-forged-host"));
}

TEST_CASE("sandbox: bubblewrap is the one labs' PATH finds, for the check and for every probe", "[sandbox]") {
  require_sandbox();
  Hostile project(probe_lab({{"runs", "echo ran > observed.txt"}}));
  // A bubblewrap outside /usr/bin (built into /usr/local, say): here a
  // wrapper that notes each start and runs Debian's.
  const fs::path bin = project.temp.path() / "bin";
  const fs::path calls = project.temp.path() / "bwrap-calls";
  test::write_text(bin / "bwrap", "#!/bin/sh\necho start >> " + calls.string() + "\nexec /usr/bin/bwrap \"$@\"\n");
  fs::permissions(bin / "bwrap", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                     fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(project.temp.path(), fs::perms::others_exec, fs::perm_options::add);
  const char* path = std::getenv("PATH");
  const auto run =
      project.verify({"--require-sandbox"}, {"PATH=" + bin.string() + ":" + (path ? path : "/usr/bin:/bin")});
  INFO(run.out << run.err);
  CHECK(run.exit_code == 0);
  CHECK(project.observed() == "ran\n");
  // The check that the sandbox works, and the probe.
  std::ifstream noted(calls);
  int starts = 0;
  for (std::string line; std::getline(noted, line);) starts += line == "start";
  CHECK(starts >= 2);
}
