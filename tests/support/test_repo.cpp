#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace labkit::test {

namespace fs = std::filesystem;

namespace {

void ok(int code, const char* what) {
  if (code < 0) {
    const git_error* error = git_error_last();
    FAIL(what << ": " << (error ? error->message : "unknown libgit2 error"));
  }
}

}  // namespace

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "labs-test-XXXXXX").string();
  REQUIRE(mkdtemp(pattern.data()) != nullptr);
  m_path = fs::canonical(pattern);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(m_path, ignored);
}

TestRepo::TestRepo(fs::path dir, const std::string& branch) : m_dir(std::move(dir)) {
  git_libgit2_init();
  fs::create_directories(m_dir);
  git_repository_init_options options;
  git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
  options.flags = GIT_REPOSITORY_INIT_MKPATH;
  options.initial_head = branch.c_str();
  ok(git_repository_init_ext(&m_repo, m_dir.c_str(), &options), "init");
}

TestRepo::~TestRepo() {
  git_repository_free(m_repo);
  git_libgit2_shutdown();
}

void TestRepo::write(const std::string& path, const std::string& content) {
  const fs::path full = m_dir / path;
  fs::create_directories(full.parent_path());
  std::ofstream(full, std::ios::binary) << content;
}

void TestRepo::remove(const std::string& path) { fs::remove_all(m_dir / path); }

std::string TestRepo::commit(const std::string& message) {
  git_index* index = nullptr;
  ok(git_repository_index(&index, m_repo), "index");
  const char* everything = "*";
  git_strarray spec{const_cast<char**>(&everything), 1};
  ok(git_index_add_all(index, &spec, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr), "add all");
  ok(git_index_update_all(index, &spec, nullptr, nullptr), "update all");
  ok(git_index_write(index), "write index");
  git_oid tree_id, commit_id;
  ok(git_index_write_tree(&tree_id, index), "write tree");
  git_index_free(index);
  git_tree* tree = nullptr;
  ok(git_tree_lookup(&tree, m_repo, &tree_id), "tree");
  git_signature* author = nullptr;
  ok(git_signature_new(&author, "Test Learner", "learner@example.com", m_clock += 60, 0), "signature");
  git_object* parent = nullptr;
  const bool has_parent = git_revparse_single(&parent, m_repo, "HEAD^{commit}") == 0;
  const git_commit* parents[] = {reinterpret_cast<git_commit*>(parent)};
  ok(git_commit_create(&commit_id, m_repo, "HEAD", author, author, nullptr, message.c_str(), tree, has_parent ? 1 : 0,
                       parents),
     "commit");
  git_object_free(parent);
  git_signature_free(author);
  git_tree_free(tree);
  return git_oid_tostr_s(&commit_id);
}

void TestRepo::create_branch(const std::string& name) {
  git_object* head = nullptr;
  ok(git_revparse_single(&head, m_repo, "HEAD^{commit}"), "HEAD");
  git_reference* branch = nullptr;
  ok(git_branch_create(&branch, m_repo, name.c_str(), reinterpret_cast<git_commit*>(head), 0), "branch");
  git_reference_free(branch);
  git_object_free(head);
}

void TestRepo::checkout(const std::string& name) {
  ok(git_repository_set_head(m_repo, ("refs/heads/" + name).c_str()), "set head");
  git_checkout_options options;
  git_checkout_options_init(&options, GIT_CHECKOUT_OPTIONS_VERSION);
  options.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_REMOVE_UNTRACKED;
  ok(git_checkout_head(m_repo, &options), "checkout");
}

std::string TestRepo::merge(const std::string& branch, const std::string& message) {
  git_object* head = nullptr;
  git_object* tip = nullptr;
  ok(git_revparse_single(&head, m_repo, "HEAD^{commit}"), "HEAD");
  ok(git_revparse_single(&tip, m_repo, (branch + "^{commit}").c_str()), "branch tip");
  git_tree* tree = nullptr;
  ok(git_commit_tree(&tree, reinterpret_cast<git_commit*>(tip)), "tip tree");
  git_signature* author = nullptr;
  ok(git_signature_new(&author, "Test Learner", "learner@example.com", m_clock += 60, 0), "signature");
  const git_commit* parents[] = {reinterpret_cast<git_commit*>(head), reinterpret_cast<git_commit*>(tip)};
  git_oid id;
  ok(git_commit_create(&id, m_repo, "HEAD", author, author, nullptr, message.c_str(), tree, 2, parents), "merge");
  git_signature_free(author);
  git_tree_free(tree);
  git_object_free(tip);
  git_object_free(head);
  git_checkout_options options;
  git_checkout_options_init(&options, GIT_CHECKOUT_OPTIONS_VERSION);
  options.checkout_strategy = GIT_CHECKOUT_FORCE;
  ok(git_checkout_head(m_repo, &options), "checkout merge");
  return git_oid_tostr_s(&id);
}

void TestRepo::add_remote(const std::string& name, const std::string& url) {
  git_remote* remote = nullptr;
  ok(git_remote_create(&remote, m_repo, name.c_str(), url.c_str()), "remote");
  git_remote_free(remote);
}

void TestRepo::tag(const std::string& name) {
  git_object* head = nullptr;
  ok(git_revparse_single(&head, m_repo, "HEAD^{commit}"), "HEAD");
  git_oid id;
  ok(git_tag_create_lightweight(&id, m_repo, name.c_str(), head, 0), "tag");
  git_object_free(head);
}

void write_text(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string lab_yaml(const std::string& id, int week, const std::vector<std::pair<std::string, std::string>>& items) {
  std::string text =
      "schema: 1\nid: " + id + "\ntrack: mlops\nweek: " + std::to_string(week) + "\ntitle: " + id + "\nitems:\n";
  for (const auto& [item, step] : items) {
    text += "  - id: " + item + "\n    text: " + item + "\n    verify:\n      - " + step + "\n";
  }
  return text;
}

std::string read_source_file(const std::string& relative) {
  std::ifstream in(fs::path(LABS_SOURCE_DIR) / relative, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::pair<std::string, std::string>> sample_project_files(const std::string& folder) {
  const fs::path root = fs::path(LABS_SOURCE_DIR) / folder;
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string relative = entry.path().lexically_relative(root).generic_string();
    files.emplace_back(relative, read_source_file(folder + "/" + relative));
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace labkit::test
