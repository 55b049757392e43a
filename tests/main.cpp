// Catch2's main lives alone so the test files stay quick to rebuild.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
  Catch::Session session;
  if (const int usage = session.applyCommandLine(argc, argv); usage != 0) return usage;
  // A test that asserts nothing, or a name that matches no test (CTest splits
  // names at `;`), fails instead of passing silently.
  session.configData().warnings =
      static_cast<Catch::WarnAbout::What>(Catch::WarnAbout::NoAssertions | Catch::WarnAbout::NoTests);
  return session.run();
}
