// `labs completion bash|zsh|fish` and `labs man`: shell completions and a
// man page generated from the CLI definitions themselves (and the catalog's
// selectors), so they never drift from what labs accepts.
#include "commands/commands.hpp"

#include <labs/base/exit_codes.hpp>

#include <fmt/format.h>

#include <iostream>
#include <set>

namespace labkit {

namespace {

struct Flag {
  std::string name;  ///< "--report" or "-j"
  std::string help;
};

struct Subcommand {
  std::string name, help;
  std::vector<Flag> flags;
  bool takes_arguments = false;  ///< selectors or items (completion's own shell names aside)
};

std::vector<Flag> flags_of(const CLI::App& app) {
  std::vector<Flag> flags;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_positional() && option->get_lnames().empty()) continue;
    if (option->get_group().empty()) continue;  // hidden: for labs' own use
    for (const auto& name : option->get_lnames()) flags.push_back({"--" + name, option->get_description()});
    for (const auto& name : option->get_snames()) flags.push_back({"-" + name, option->get_description()});
  }
  return flags;
}

std::vector<Subcommand> subcommands_of(const CLI::App& app) {
  std::vector<Subcommand> commands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    const bool positional =
        !sub->get_options([](const CLI::Option* o) { return o->get_positional() && o->get_lnames().empty(); }).empty();
    commands.push_back({sub->get_name(), sub->get_description(), flags_of(*sub), positional});
  }
  return commands;
}

/// What selector and item arguments can be: weeks, days, lab ids, "all", item ids.
std::vector<std::string> selector_words(const GlobalOptions& globals) {
  std::set<std::string> words{"all"};
  const auto catalog = load_catalog(globals);
  if (!catalog) return {words.begin(), words.end()};
  for (const auto& loaded : catalog->bundle.labs) {
    if (!loaded.header_ok) continue;
    const Lab& lab = loaded.lab;
    words.insert(lab.id);
    words.insert(lab.track + "/all");
    for (int week = lab.weeks.first; week <= lab.weeks.last; ++week) words.insert(fmt::format("week{}", week));
    for (const auto& item : lab.items) words.insert(item.id);
  }
  return {words.begin(), words.end()};
}

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void bash(const CLI::App& app, const std::vector<std::string>& selectors) {
  const auto commands = subcommands_of(app);
  std::vector<std::string> names;
  names.reserve(commands.size());
  for (const auto& command : commands) names.push_back(command.name);
  std::cout << "# bash completion for labs (labs completion bash > /etc/bash_completion.d/labs)\n_labs() {\n"
               "  local cur=${COMP_WORDS[COMP_CWORD]} command= word\n"
               "  for word in \"${COMP_WORDS[@]:1:COMP_CWORD-1}\"; do\n"
            << fmt::format("    case $word in {}) command=$word; break ;; esac\n  done\n", fmt::join(names, "|"))
            << fmt::format("  local flags words selectors={}\n  case $command in\n",
                           quoted(fmt::format("{}", fmt::join(selectors, " "))));
  for (const auto& command : commands) {
    std::vector<std::string> flags;
    for (const auto& flag : command.flags) flags.push_back(flag.name);
    const std::string words = command.name == "completion" ? "'bash zsh fish'"
                              : command.takes_arguments    ? "$selectors"
                                                           : "''";
    std::cout << fmt::format("    {}) flags={}; words={} ;;\n", command.name,
                             quoted(fmt::format("{}", fmt::join(flags, " "))), words);
  }
  std::vector<std::string> global_flags;
  for (const auto& flag : flags_of(app)) global_flags.push_back(flag.name);
  std::cout << fmt::format("    *) flags={}; words={} ;;\n  esac\n",
                           quoted(fmt::format("{}", fmt::join(global_flags, " "))),
                           quoted(fmt::format("{}", fmt::join(names, " "))))
            << "  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"$flags\" -- \"$cur\"));\n"
               "  else COMPREPLY=($(compgen -W \"$words\" -- \"$cur\")); fi\n}\ncomplete -o default -F _labs labs\n";
}

std::string zsh_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else if (c == '[' || c == ']' || c == ':')
      out += std::string("\\") + c;
    else
      out += c;
  }
  return out;
}

void zsh(const CLI::App& app, const std::vector<std::string>& selectors) {
  std::cout << "#compdef labs\n# zsh completion for labs (labs completion zsh > \"${fpath[1]}/_labs\")\n_labs() {\n"
               "  local -a commands\n  commands=(\n";
  const auto commands = subcommands_of(app);
  for (const auto& command : commands)
    std::cout << fmt::format("    '{}:{}'\n", command.name, zsh_escape(command.help));
  std::cout << "  )\n  if (( CURRENT == 2 )); then _describe command commands; return; fi\n  case $words[2] in\n";
  for (const auto& command : commands) {
    std::cout << fmt::format("    {}) _arguments", command.name);
    for (const auto& flag : command.flags) std::cout << fmt::format(" '{}[{}]'", flag.name, zsh_escape(flag.help));
    if (command.name == "completion")
      std::cout << " '1:shell:(bash zsh fish)'";
    else if (command.takes_arguments)
      std::cout << fmt::format(" '*:argument:({})'", fmt::join(selectors, " "));
    std::cout << " ;;\n";
  }
  std::cout << "  esac\n}\n_labs \"$@\"\n";
}

void fish(const CLI::App& app, const std::vector<std::string>& selectors) {
  std::cout << "# fish completion for labs (labs completion fish > ~/.config/fish/completions/labs.fish)\n"
               "complete -c labs -f\n";
  const auto commands = subcommands_of(app);
  for (const auto& command : commands) {
    std::cout << fmt::format("complete -c labs -n __fish_use_subcommand -a {} -d {}\n", command.name,
                             quoted(command.help));
    const std::string when = "'__fish_seen_subcommand_from " + command.name + "'";
    for (const auto& flag : command.flags) {
      const bool long_name = flag.name.rfind("--", 0) == 0;
      std::cout << fmt::format("complete -c labs -n {} -{} {} -d {}\n", when, long_name ? "l" : "s",
                               flag.name.substr(long_name ? 2 : 1), quoted(flag.help));
    }
    if (command.name == "completion")
      std::cout << fmt::format("complete -c labs -n {} -a 'bash zsh fish'\n", when);
    else if (command.takes_arguments)
      std::cout << fmt::format("complete -c labs -n {} -a {}\n", when,
                               quoted(fmt::format("{}", fmt::join(selectors, " "))));
  }
}

std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\\' ? std::string("\\e") : c == '-' ? std::string("\\-") : std::string(1, c);
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

void man(const CLI::App& app) {
  std::cout << fmt::format(".TH LABS 1 \"\" \"labs {}\" \"User Commands\"\n.SH NAME\nlabs \\- {}\n", LABS_VERSION,
                           roff(app.get_description().substr(app.get_description().find("— ") + 4)))
            << ".SH SYNOPSIS\n.B labs\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGUMENTS\\fR]\n"
               ".SH DESCRIPTION\nlabs checks a learner's git repository against the bootcamp's labs: each lab is a "
               "checklist of items, each proven by steps that read the repository or run the learner's code.\n"
               ".SH OPTIONS\n";
  for (const auto& flag : flags_of(app)) std::cout << fmt::format(".TP\n.B {}\n{}\n", roff(flag.name), roff(flag.help));
  std::cout << ".SH COMMANDS\n";
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    std::cout << fmt::format(".SS {}\n{}\n", sub->get_name(), roff(sub->get_description()));
    for (const auto& flag : flags_of(*sub))
      std::cout << fmt::format(".TP\n.B {}\n{}\n", roff(flag.name), roff(flag.help));
    std::string footer = sub->get_footer();
    while (!footer.empty() && footer.front() == '\n') footer.erase(0, 1);
    if (!footer.empty()) std::cout << ".PP\n.nf\n" << roff(footer) << "\n.fi\n";
  }
  std::cout
      << ".SH EXIT STATUS\n.TP\n0\nEverything checked is done (or the command succeeded).\n.TP\n1\nSomething is "
         "still to do, or could not be checked.\n.TP\n2\nBad usage or invalid labs.\n.TP\n3\nNo usable repository, "
         "or a report or file could not be written.\n.SH FILES\n.TP\n.I .labs.yaml\nThe learner's defaults "
         "(track, labs to verify).\n.TP\n.I .labs/progress.json\nWhat the learner's runs proved.\n"
         ".SH SEE ALSO\nThe project's docs/ folder: the lab format, check kinds, reports and exit codes.\n";
}

}  // namespace

void define_completion(CLI::App& app, const GlobalOptions& globals, int& exit_code) {
  auto shell = std::make_shared<std::string>();
  CLI::App* completion = app.add_subcommand("completion", "Print a shell completion script (bash, zsh or fish)");
  completion->footer(
      "\nExamples:\n  source <(labs completion bash)\n  labs completion zsh > \"${fpath[1]}/_labs\"\n"
      "  labs completion fish > ~/.config/fish/completions/labs.fish");
  completion->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  completion->callback([&app, shell, &globals, &exit_code] {
    const auto selectors = selector_words(globals);
    if (*shell == "bash") bash(app, selectors);
    if (*shell == "zsh") zsh(app, selectors);
    if (*shell == "fish") fish(app, selectors);
    exit_code = kExitPassed;
  });
  CLI::App* page = app.add_subcommand("man", "Print the man page (roff): labs man | man -l -");
  page->callback([&app, &exit_code] {
    man(app);
    exit_code = kExitPassed;
  });
}

}  // namespace labkit
