// Linked into every executable of a sanitizer build (LABS_SANITIZE). Options
// are compiled in rather than passed as ASAN_OPTIONS and friends because labs
// starts labs again inside probes, and a probe never inherits the runner's
// environment beyond its allow-list.
extern "C" {

// Debian 12's libgit2 1.5.1 leaks PCRE2 match data on each config regex
// lookup (libgit2 #6382): not labs' leak. Anything else leaking fails the run.
const char* __lsan_default_suppressions() { return "leak:libgit2.so\nleak:libpcre2-8.so\n"; }

const char* __ubsan_default_options() { return "print_stacktrace=1:halt_on_error=1"; }

// Hand-overs TSan cannot see, because they happen in code built without it:
// glibc's mktime re-reads TZ under its own lock (libgit2 calls it from grading
// threads for each signature it stamps), and Boost.Regex's matcher takes its
// 4 KB stack blocks from a cache of atomics inside the prebuilt libboost_regex.
const char* __tsan_default_suppressions() { return "race:tzset_internal\nrace:boost::re_detail_*perl_matcher\n"; }

const char* __tsan_default_options() { return "halt_on_error=1:second_deadlock_stack=1"; }
}
