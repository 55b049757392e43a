#include "support/processes.hpp"

#include <labs/process/probe_env.hpp>
#include <labs/process/process.hpp>
#include <labs/process/sandbox.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace labkit;
using namespace std::chrono_literals;

namespace {

/// The plain runner: these tests prove its own containment (process groups,
/// the marker sweep), which is also the fallback where no sandbox can be
/// made; the sandbox is proven end to end in sandbox_e2e_test.cpp.
ProcessResult run(const std::string& command, std::chrono::milliseconds timeout = 10s, std::size_t cap = 1 << 20) {
  set_sandbox_mode(SandboxMode::off);
  const auto directory = std::filesystem::temp_directory_path();
  ProcessRequest request{command, directory, timeout, cap, probe_environment(directory)};
  return run_process(request);
}

std::filesystem::path pid_path(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("labs-process-test-" + name + ".pid");
}

}  // namespace

TEST_CASE("process: exit code, stdout and stderr", "[process]") {
  const auto result = run("echo out; echo err >&2; exit 3");
  CHECK(result.exit_code == 3);
  CHECK(result.out == "out\n");
  CHECK(result.err == "err\n");
  CHECK_FALSE(result.timed_out);
}

TEST_CASE("process: stdin is /dev/null, so a reader does not hang", "[process]") {
  const auto result = run("cat; echo done");
  CHECK(result.out == "done\n");
}

TEST_CASE("process: death by signal is reported", "[process]") {
  const auto result = run("kill -9 $$");
  CHECK(result.signal == 9);
  CHECK(result.exit_code == -1);
}

TEST_CASE("process: a timeout ends the whole group, also a process ignoring SIGTERM", "[process]") {
  const auto pid_file = pid_path("term");
  const auto started = std::chrono::steady_clock::now();
  const auto result =
      run("trap '' TERM; (trap '' TERM; sleep 60) & echo $! > " + pid_file.string() + "; sleep 60", 300ms);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  CHECK(result.timed_out);
  CHECK(elapsed < 10s);
  const pid_t child = test::read_pid(pid_file);
  std::filesystem::remove(pid_file);
  REQUIRE(child > 0);
  CHECK(test::process_gone_soon(child));
}

TEST_CASE("process: what a probe leaves running in its group is ended when it exits", "[process]") {
  const auto pid_file = pid_path("background");
  const auto result = run("sleep 60 > /dev/null 2>&1 & echo $! > " + pid_file.string());
  CHECK(result.exit_code == 0);
  const pid_t child = test::read_pid(pid_file);
  std::filesystem::remove(pid_file);
  REQUIRE(child > 0);
  CHECK(test::process_gone_soon(child));
}

TEST_CASE("process: output over the cap keeps head and tail and says what was cut", "[process]") {
  const auto result = run("echo FIRST; head -c 100000 /dev/zero | tr '\\0' x; echo; echo LAST", 10s, 1000);
  CHECK(result.bytes_dropped == 100012 - 1000);
  CHECK_THAT(result.out, Catch::StartsWith("FIRST\nxxx"));
  CHECK_THAT(result.out, Catch::EndsWith("xxx\nLAST\n"));
  CHECK_THAT(result.out, Catch::Contains("[… labs cut 99012 bytes of output here …]"));
}

namespace {

long resident_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

}  // namespace

TEST_CASE("process: endless output ends at the timeout with bounded memory", "[process][hostile]") {
  const long before = resident_kib();
  const auto result = run("yes 'endless output line'", 1s, 64 * 1024);
  const long growth = resident_kib() - before;
  CHECK(result.timed_out);
  CHECK(result.out.size() < 70 * 1024);
  CHECK(result.bytes_dropped > 16 * 1024 * 1024);  // far more went through than was kept
  CHECK(growth < 8 * 1024);                        // KiB: the runner kept only the cap
}

TEST_CASE("process: a grandchild that calls setsid is ended too", "[process][hostile]") {
  const auto file = pid_path("setsid");
  const auto result =
      run("setsid sh -c 'echo $$ > " + file.string() + "; exec sleep 60' > /dev/null 2>&1 & sleep 0.2", 5s);
  CHECK(result.exit_code == 0);
  const pid_t escaped = test::read_pid(file);
  std::filesystem::remove(file);
  REQUIRE(escaped > 0);
  CHECK(test::process_gone_soon(escaped));
}

TEST_CASE("process: a labs run inside a probe extends the marker chain, so its own probes are ended too",
          "[process][hostile]") {
  // What the grader's child labs verify does: it marks its probes with the
  // chain it was given plus its own id.
  ::setenv("LABS_PROBE_ID", "outer-7", 1);
  const auto chain = run("printenv LABS_PROBE_ID");
  ::unsetenv("LABS_PROBE_ID");
  CHECK_THAT(chain.out, Catch::StartsWith("outer-7/"));

  const auto file = pid_path("inner");
  const auto result = run("LABS_PROBE_ID=\"$LABS_PROBE_ID/inner-1\" setsid sh -c 'echo $$ > " + file.string() +
                              "; exec sleep 60' > /dev/null 2>&1 & sleep 0.2",
                          5s);
  CHECK(result.exit_code == 0);
  const pid_t inner = test::read_pid(file);
  std::filesystem::remove(file);
  REQUIRE(inner > 0);
  CHECK(test::process_gone_soon(inner));
}

TEST_CASE("process: a daemon that cleared its environment is ended with the run", "[process][hostile]") {
  const auto file = pid_path("daemon");
  const auto result =
      run("env -i setsid sh -c 'echo $$ > " + file.string() + "; exec sleep 60' > /dev/null 2>&1 & sleep 0.2", 5s);
  CHECK(result.exit_code == 0);
  const pid_t daemon = test::read_pid(file);
  std::filesystem::remove(file);
  REQUIRE(daemon > 0);
  end_leftover_processes();
  CHECK(test::process_gone_soon(daemon));
}

TEST_CASE("process: learner code gets the default SIGPIPE, though labs ignores it", "[process]") {
  ::signal(SIGPIPE, SIG_IGN);  // as labs runs
  // SigIgn is a hex mask of ignored signals; SIGPIPE (13) is bit 12.
  const auto result = run("awk '/^SigIgn/ {print $2}' /proc/self/status", 5s);
  REQUIRE(result.exit_code == 0);
  CHECK((std::stoul(result.out, nullptr, 16) & (1ul << (SIGPIPE - 1))) == 0);
}

TEST_CASE("process: invalid UTF-8 and NUL bytes pass through untouched", "[process][hostile]") {
  const auto result = run("printf 'a\\377\\376b\\000c'");
  CHECK(result.out == std::string("a\xff\xfe"
                                  "b\0c",
                                  6));
}

TEST_CASE("process: secrets in the runner's environment never reach a probe", "[process][security]") {
  ::setenv("LABS_CANARY_TOKEN", "canary-4f1d", 1);
  ::setenv("GITHUB_TOKEN", "ghp_canary", 1);
  ::setenv("DB_PASSWORD", "canary-pw", 1);
  const auto result = run("env");
  ::unsetenv("LABS_CANARY_TOKEN");
  ::unsetenv("GITHUB_TOKEN");
  ::unsetenv("DB_PASSWORD");
  CHECK_THAT(result.out, Catch::Contains("PATH="));
  CHECK_THAT(result.out, !Catch::Contains("canary"));
  CHECK_THAT(result.out, !Catch::Contains("TOKEN"));
  CHECK_THAT(result.out, !Catch::Contains("PASSWORD"));
}

TEST_CASE("process: a probe inherits no descriptor of labs or of another probe running beside it",
          "[process][hostile]") {
  // A pipe labs holds open (as another thread's probe would) must not reach a
  // child: a long probe holding it would keep the other's output from ending.
  int fds[2];
  REQUIRE(::pipe(fds) == 0);  // without O_CLOEXEC, as Boost.Process makes them
  // No pipeline in the probe: the shell's own pipe for one would show up here.
  const auto result = run("ls /proc/$$/fd");
  ::close(fds[0]);
  ::close(fds[1]);
  CHECK(result.out == "0\n1\n2\n");
}

TEST_CASE("process: a plain command starts without a shell, a shell command through /bin/sh", "[process]") {
  // Field 4 of /proc/self/stat is the parent: labs itself only when no shell
  // stood between.
  const auto parent_of = [](const ProcessResult& result) {
    std::istringstream fields(result.out);
    std::string pid, name, state, parent;
    fields >> pid >> name >> state >> parent;
    return parent;
  };
  const auto direct = run("cat /proc/self/stat");
  REQUIRE(direct.exit_code == 0);
  CHECK(parent_of(direct) == std::to_string(::getpid()));
  const auto through_shell = run("cat /proc/self/stat | cat");
  REQUIRE(through_shell.exit_code == 0);
  CHECK(parent_of(through_shell) != std::to_string(::getpid()));
}

TEST_CASE("process: started without a shell, a command sees what the shell would give it", "[process]") {
  set_sandbox_mode(SandboxMode::off);  // bubblewrap in between reports a signal as exit 128+N, as a shell would
  const auto directory = std::filesystem::temp_directory_path() / "labs-process-test-plain";
  std::filesystem::create_directories(directory);
  for (const auto& [name, text] :
       {std::pair{"no-shebang.sh", "echo ran by sh\n"}, {"die.sh", "#!/bin/sh\nkill -9 $$\n"}}) {
    std::ofstream(directory / name) << text;
    std::filesystem::permissions(directory / name, std::filesystem::perms::owner_all);
  }
  const auto environment = probe_environment(directory);
  const auto in_directory = [&](const std::string& command) {
    return run_process({command, directory, 10s, 1 << 20, environment});
  };
  CHECK(in_directory("env").out.find("PWD=" + directory.string() + "\n") != std::string::npos);
  CHECK(in_directory("./no-shebang.sh").out == "ran by sh\n");  // execve cannot start it; sh can
  const auto missing = in_directory("no-such-program-anywhere --version");
  CHECK(missing.exit_code == 127);
  CHECK(missing.err.find("not found") != std::string::npos);
  CHECK(in_directory("false").exit_code == 1);
  CHECK(in_directory("./die.sh").signal == 9);  // a shell in between would report exit code 137
  std::filesystem::remove_all(directory);
}

TEST_CASE("process: tools that judge get the runner's PATH, never the learner's virtualenv", "[process][security]") {
  const auto temp = std::filesystem::temp_directory_path() / ("labs-venv-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(temp / ".venv/bin");
  ::setenv("GITHUB_TOKEN", "ghp_canary", 1);
  ::setenv("GITHUB_ENV", "/tmp/canary-env", 1);
  ::setenv("LABS_LANG", "ru", 1);
  const auto learner = probe_environment(temp);
  const auto tool = trusted_tool_environment();
  const auto child = child_labs_environment();
  ::unsetenv("GITHUB_TOKEN");
  ::unsetenv("GITHUB_ENV");
  ::unsetenv("LABS_LANG");
  std::filesystem::remove_all(temp);
  const auto path_of = [](const std::vector<std::string>& environment) {
    for (const auto& entry : environment)
      if (entry.starts_with("PATH=")) return entry;
    return std::string();
  };
  CHECK_THAT(path_of(learner), Catch::Contains(".venv/bin"));
  CHECK_THAT(path_of(tool), !Catch::Contains(".venv"));
  CHECK(path_of(tool) == std::string("PATH=") + std::getenv("PATH"));
  for (const auto& entry : child) {
    CHECK_THAT(entry, !Catch::Contains("canary"));
    CHECK_THAT(entry, !Catch::StartsWith("GITHUB_"));
  }
  CHECK(std::find(child.begin(), child.end(), "LABS_LANG=ru") != child.end());
}
