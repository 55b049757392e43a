#include <labs/commands/cli.hpp>

int main(int argc, char** argv) { return labkit::run(argc, argv); }
