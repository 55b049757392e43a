// The Dockerfile parser on tricky files, and each dockerfile rule passing
// and failing with its line.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <labs/formats/dockerfile.hpp>

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

TEST_CASE("dockerfile parser: directives, continuations with comments, forms, stages", "[dockerfile]") {
  const Dockerfile file = parse_dockerfile(
      "\xEF\xBB\xBF# syntax=docker/dockerfile:1.7\n"
      "# escape=\\\n"
      "ARG PY=3.11\n"
      "FROM python:${PY}-slim AS build\n"
      "RUN apt-get update \\\n"
      "# a comment inside the continuation\n"
      "    && apt-get install -y gcc \\\n"
      "\n"
      "    && rm -rf /var/lib/apt/lists/*\n"
      "COPY --chown=app:app requirements.txt .\n"
      "from python:3.11-slim\n"
      "COPY --from=build /root/.local /root/.local\n"
      "CMD ['python', 'app.py']\n"
      "ENTRYPOINT [\"uvicorn\", \"app.main:app\"]\n");
  CHECK(file.problems.empty());
  CHECK(file.syntax == "docker/dockerfile:1.7");
  REQUIRE(file.instructions.size() == 8);
  CHECK(file.instructions[0].keyword == "ARG");
  CHECK(file.instructions[2].keyword == "RUN");
  CHECK(file.instructions[2].line == 5);
  CHECK(file.instructions[2].arguments ==
        "apt-get update     && apt-get install -y gcc     && rm -rf /var/lib/apt/lists/*");
  CHECK(file.instructions[3].flags == std::vector<std::string>{"--chown=app:app"});
  CHECK(file.instructions[3].line == 10);
  CHECK(file.instructions[4].keyword == "FROM");  // keywords are case-insensitive
  REQUIRE(file.stages.size() == 2);
  CHECK(file.stages[0].name == "build");
  CHECK(file.stages[0].image == "python:${PY}-slim");
  CHECK(file.stages[1].line == 11);
  CHECK(file.instructions[5].flags == std::vector<std::string>{"--from=build"});
  // Single quotes are not JSON: shell form, as Docker treats it.
  CHECK(file.instructions[6].keyword == "CMD");
  CHECK_FALSE(file.instructions[6].json_form);
  const auto& entrypoint = file.instructions[7];
  CHECK(entrypoint.keyword == "ENTRYPOINT");
  CHECK(entrypoint.json_form);
  CHECK(entrypoint.json_args == std::vector<std::string>{"uvicorn", "app.main:app"});
}

TEST_CASE("dockerfile parser: the backtick escape and heredocs", "[dockerfile]") {
  const Dockerfile file = parse_dockerfile(
      "# escape=`\n"
      "FROM mcr.microsoft.com/windows:ltsc2022\n"
      "RUN echo one `\n"
      "    two\n"
      "RUN <<EOF\n"
      "pip install --no-cache-dir -r requirements.txt\n"
      "python -m compileall .\n"
      "EOF\n"
      "COPY <<-'CONF' /etc/app.conf\n"
      "\tport=8000\n"
      "\tCONF\n"
      "CMD [\"python\"]\n");
  CHECK(file.problems.empty());
  CHECK(file.escape == '`');
  REQUIRE(file.instructions.size() == 5);
  CHECK(file.instructions[1].arguments == "echo one     two");
  REQUIRE(file.instructions[2].heredocs.size() == 1);
  CHECK(file.instructions[2].heredocs[0] == "pip install --no-cache-dir -r requirements.txt\npython -m compileall .\n");
  CHECK(file.instructions[3].heredocs == std::vector<std::string>{"port=8000\n"});
  CHECK(file.instructions[4].line == 12);
}

TEST_CASE("dockerfile parser: what BuildKit rejects is reported with its line", "[dockerfile]") {
  CHECK(parse_dockerfile("").problems == std::vector<std::string>{"1: the file has no instructions"});
  CHECK(parse_dockerfile("RUN echo hi\nFROM alpine:3.19\n").problems ==
        std::vector<std::string>{"1: RUN comes before the first FROM (only ARG may)"});
  CHECK(parse_dockerfile("# escape=x\nFROM alpine:3.19\n").problems.at(0) ==
        "1: invalid escape token 'x' (only \\ and ` are allowed)");
  CHECK(parse_dockerfile("FROM alpine:3.19\nRUN <<EOF\necho\n").problems.at(0) == "2: heredoc <<EOF is never closed");
  // A directive after an ordinary comment is just a comment.
  CHECK(parse_dockerfile("# hello\n# escape=`\nFROM alpine:3.19\n").escape == '\\');
}

namespace {

struct Project {
  TempDir temp;
  TestRepo repo{temp.path()};
  StepOutcome check(const std::string& dockerfile, const std::string& spec) {
    repo.write("Dockerfile", dockerfile);
    return run_step("dockerfile: " + spec, temp.path());
  }
};

const char* const kGood = R"(FROM python:3.11-slim AS build
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local /usr/local
COPY . /app
RUN useradd -m app
USER app
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]
)";

}  // namespace

TEST_CASE("dockerfile check: a good Dockerfile meets every rule", "[dockerfile]") {
  Project p;
  p.repo.write(".dockerignore", ".git\n.venv/\n**/mlruns\n");
  const auto outcome = p.check(
      kGood,
      "{instructions: [FROM, RUN, COPY, CMD|ENTRYPOINT], multi_stage: true, exposes: [8000], dockerignore: [.git, "
      ".venv, mlruns],"
      " rules: [pinned-base, copy-not-add, non-root, no-secrets, pip-no-cache, apt-lists-cleaned, exec-form-cmd]}");
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
}

TEST_CASE("dockerfile check: each rule fails with Dockerfile:LINE and its hadolint ID", "[dockerfile]") {
  Project p;
  const auto fails = [&](const std::string& dockerfile, const std::string& rule, const std::string& expected,
                         int line) {
    const auto outcome = p.check(dockerfile, "{rules: [" + rule + "]}");
    INFO(rule << ": " << outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::StartsWith(expected));
    CHECK(outcome.line == line);
  };
  fails("FROM python\nCMD [\"python\"]\n", "pinned-base", "Dockerfile:1: FROM python has no tag", 1);
  fails("FROM alpine:3.19\nFROM python:latest\n", "pinned-base",
        "Dockerfile:2: FROM python:latest uses the moving 'latest' tag (DL3007)", 2);
  fails("FROM python:3.11\nADD . /app\n", "copy-not-add", "Dockerfile:2: ADD . copies local files: use COPY (DL3020)",
        2);
  fails("FROM python:3.11\nUSER app\nUSER root\n", "non-root", "Dockerfile:3: the last USER is root", 3);
  fails("FROM python:3.11\n", "non-root", "Dockerfile:1: the image runs as root", 1);
  fails("FROM python:3.11\nENV DB_PASSWORD=hunter2\n", "no-secrets", "Dockerfile:2: ENV DB_PASSWORD bakes a secret", 2);
  fails("FROM python:3.11\nARG HF_TOKEN\n", "no-secrets", "Dockerfile:2: ARG HF_TOKEN bakes a secret", 2);
  fails("FROM python:3.11\nRUN pip install -r requirements.txt\n", "pip-no-cache",
        "Dockerfile:2: pip install keeps its download cache", 2);
  fails("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", "apt-lists-cleaned",
        "Dockerfile:2: apt package lists", 2);
  fails("FROM python:3.11\nCMD ['python', 'app.py']\n", "exec-form-cmd", "Dockerfile:2: CMD is in shell form", 2);
  // Stage aliases, scratch, digests and build args are not untagged images.
  CHECK(p.check("FROM golang:1.22 AS build\nFROM build\nFROM scratch\nFROM alpine@sha256:abc\nARG B\nFROM $B\n",
                "{rules: [pinned-base]}")
            .status == Status::pass);
  CHECK(
      p.check("FROM python:3.11\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n", "{rules: [pip-no-cache]}").status ==
      Status::pass);
  CHECK(p.check("FROM python:3.11\nADD https://example.com/model.bin /m\n", "{rules: [copy-not-add]}").status ==
        Status::pass);
}

TEST_CASE("dockerfile check: instructions, stages, ports, .dockerignore, missing file", "[dockerfile]") {
  Project p;
  CHECK(p.check("FROM python:3.11\nCOPY . .\n", "{instructions: [FROM, RUN, CMD|ENTRYPOINT]}").evidence ==
        "Dockerfile: it has no RUN instruction\nDockerfile: it has no CMD or ENTRYPOINT instruction");
  CHECK_THAT(p.check("FROM python:3.11\n", "{multi_stage: true}").evidence,
             Catch::StartsWith("Dockerfile:1: a single stage"));
  CHECK(p.check("FROM python:3.11\nEXPOSE 80\n", "{exposes: [8000]}").evidence == "Dockerfile: no EXPOSE 8000");
  CHECK(p.check("FROM python:3.11\n", "{dockerignore: [.git]}").evidence ==
        "Dockerfile: no .dockerignore: the build context would include .git");
  p.repo.write(".dockerignore", ".git\n# comment\n");
  CHECK(p.check("FROM python:3.11\n", "{dockerignore: [.git, .venv]}").evidence ==
        "Dockerfile: .dockerignore does not keep out .venv: add them, one per line");
  p.repo.remove("Dockerfile");
  CHECK_THAT(run_step("dockerfile: {instructions: [FROM]}", p.temp.path()).evidence,
             Catch::StartsWith("no Dockerfile in the repository (looked for Dockerfile, dockerfile"));
  CHECK(run_step("dockerfile: {path: build/Dockerfile, instructions: [FROM]}", p.temp.path()).evidence ==
        "build/Dockerfile not found");
  Diagnostics diagnostics;
  CHECK(test::parse_step("dockerfile: {rules: [non-rot]}", diagnostics) == nullptr);
  CHECK_THAT(test::messages(diagnostics), Catch::Contains("unknown rule 'non-rot' (did you mean 'non-root'?)"));
}

TEST_CASE("dockerfile: the instruction a failed build stopped at, from each builder's output", "[dockerfile]") {
  const Dockerfile file = parse_dockerfile(
      "ARG PY=3.11\n"
      "FROM python:${PY}-slim AS build\n"
      "RUN pip wheel -r requirements.txt\n"
      "FROM python:${PY}-slim\n"
      "COPY --from=build /wheels /wheels\n"
      "RUN pip install \\\n    --no-cache-dir /wheels/*\n"
      "RUN pip wheel -r requirements.txt\n");
  const auto line_of = [&](const std::string& output) {
    const DockerInstruction* found = failed_build_instruction(file, output);
    return found ? found->line : 0;
  };
  SECTION("Podman / Buildah, multi-stage: the step number within the stage breaks the tie") {
    CHECK(
        line_of("[1/2] STEP 1/2: FROM python:3.11-slim AS build\n[1/2] STEP 2/2: RUN pip wheel -r requirements.txt\n"
                "[2/2] STEP 1/4: FROM python:3.11-slim\n[2/2] STEP 4/4: RUN pip wheel -r requirements.txt\nerror\n") ==
        8);
    CHECK(line_of("[1/2] STEP 2/2: RUN pip wheel -r requirements.txt\nERROR: no such file\n") == 3);
  }
  SECTION("the classic Docker builder, and a continued instruction printed on one line") {
    CHECK(
        line_of(
            "Step 1/7 : ARG PY=3.11\nStep 6/7 : RUN pip install     --no-cache-dir /wheels/*\n ---> Running in 1\n") ==
        6);
  }
  SECTION("BuildKit") {
    CHECK(line_of("#5 [build 2/2] RUN pip wheel -r requirements.txt\n#5 ERROR: process did not complete\n") == 3);
    CHECK(line_of("#9 [stage-1 2/4] COPY --from=build /wheels /wheels\n#9 ERROR: not found\n") == 5);
  }
  SECTION("output that names no step") {
    CHECK(line_of("Error: no Dockerfile found\n") == 0);
    CHECK(line_of("") == 0);
  }
}

TEST_CASE("dockerfile check: a Dockerfile in another folder or named otherwise is found and named", "[dockerfile]") {
  for (const std::string place : {"docker/Dockerfile", "dockerfile", "deploy/api.Dockerfile", "Containerfile"}) {
    TempDir temp;
    TestRepo repo(temp.path());
    repo.write(place, "FROM python:3.11-slim\nCOPY . .\nCMD [\"python\", \"app.py\"]\n");
    repo.commit("Image");
    const auto outcome = run_step("dockerfile: {instructions: [FROM, CMD|ENTRYPOINT]}", temp.path());
    INFO(place << ": " << outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("Dockerfile found at " + place + "\n"));
  }
}

TEST_CASE("dockerfile check: of several Dockerfiles the one at the root is judged, and the others are named",
          "[dockerfile]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("services/api/Dockerfile", "FROM python:3.11\nCMD [\"x\"]\n");
  repo.write("Dockerfile", "FROM python:3.11\n");
  repo.commit("Images");
  const auto outcome = run_step("dockerfile: {instructions: [CMD]}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence,
             Catch::StartsWith("2 Dockerfiles found (Dockerfile, services/api/Dockerfile); judged Dockerfile, the one "
                               "at the root"));
  CHECK_THAT(outcome.evidence, Catch::Contains("Dockerfile: it has no CMD instruction"));
}
