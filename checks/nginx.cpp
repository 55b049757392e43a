// The `nginx` check: Nginx in front of the app as a reverse proxy, with TLS
// and a redirect from plain HTTP. The configuration is read with Nginx's own
// syntax rules (directives end in ';', blocks in braces, '#' comments,
// quotes), so a file `nginx -t` would reject fails here with its line.
// `nginx -t` itself is not run: it resolves upstream host names and opens
// the certificates, which exist only where the proxy is deployed.
#include <labs/model/check.hpp>
#include <labs/repo/git_tree.hpp>
#include <labs/repo/repo_files.hpp>
#include <labs/spec/spec_reader.hpp>

#include <fmt/format.h>

#include <map>
#include <set>

namespace labkit {

namespace {

struct Directive {
  std::string name;
  std::vector<std::string> args;
  int line = 0;
  std::vector<Directive> block;  ///< the directives inside its braces, if any
};

bool takes_block(const std::string& name) {
  static const std::set<std::string> blocks{"http",   "server",        "location", "upstream",     "events",
                                            "map",    "geo",           "if",       "limit_except", "types",
                                            "stream", "split_clients", "mail",     "match"};
  return blocks.count(name) > 0;
}

/// Nginx's grammar: words (quoted or not), ';' ends a directive, '{' opens its
/// block, '}' closes it. Returns the top level, or "" set in `problem`.
class ConfigReader {
 public:
  explicit ConfigReader(std::string_view text) : m_text(text) {}

  std::vector<Directive> read(std::string& problem) { return read_block(problem, 0); }

 private:
  std::vector<Directive> read_block(std::string& problem, int depth) {
    std::vector<Directive> block;
    Directive current;
    while (problem.empty()) {
      std::string word;
      const char token = next(word);
      if (token == 0) {
        if (!current.name.empty())
          problem = fmt::format("{}: unexpected end of file, expecting \";\" or \"}}\"", m_line);
        else if (depth > 0)
          problem = fmt::format("{}: unexpected end of file, expecting \"}}\"", m_line);
        return block;
      }
      if (token == 'w') {
        if (current.name.empty()) {
          current.name = word;
          current.line = m_line;
        } else {
          current.args.push_back(word);
        }
      } else if (token == ';') {
        if (current.name.empty()) problem = fmt::format("{}: unexpected \";\"", m_line);
        block.push_back(std::move(current));
        current = {};
      } else if (token == '{') {
        if (current.name.empty())
          problem = fmt::format("{}: unexpected \"{{\"", m_line);
        else if (!takes_block(current.name))
          problem = fmt::format("{}: directive \"{}\" is not terminated by \";\"", current.line, current.name);
        current.block = read_block(problem, depth + 1);
        block.push_back(std::move(current));
        current = {};
      } else if (token == '}') {
        if (!current.name.empty())
          problem = fmt::format("{}: directive \"{}\" is not terminated by \";\"", current.line, current.name);
        else if (depth == 0)
          problem = fmt::format("{}: unexpected \"}}\"", m_line);
        return block;
      }
    }
    return block;
  }

  /// 'w' with the word, one of ; { }, or 0 at the end.
  char next(std::string& word) {
    while (m_at < m_text.size()) {
      const char c = m_text[m_at];
      if (c == '\n') ++m_line;
      if (c == '#') {
        while (m_at < m_text.size() && m_text[m_at] != '\n') ++m_at;
        continue;
      }
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++m_at;
        continue;
      }
      if (c == ';' || c == '{' || c == '}') {
        ++m_at;
        return c;
      }
      if (c == '"' || c == '\'') {
        for (++m_at; m_at < m_text.size() && m_text[m_at] != c; ++m_at) {
          if (m_text[m_at] == '\\' && m_at + 1 < m_text.size()) ++m_at;
          if (m_text[m_at] == '\n') ++m_line;
          word += m_text[m_at];
        }
        ++m_at;
        return 'w';
      }
      while (m_at < m_text.size() && !std::isspace(static_cast<unsigned char>(m_text[m_at])) && m_text[m_at] != ';' &&
             m_text[m_at] != '{' && m_text[m_at] != '}') {
        word += m_text[m_at++];
      }
      return 'w';
    }
    return 0;
  }

  std::string_view m_text;
  std::size_t m_at = 0;
  int m_line = 1;
};

void find_all(const std::vector<Directive>& block, const std::string& name, std::vector<const Directive*>& found) {
  for (const auto& directive : block) {
    if (directive.name == name) found.push_back(&directive);
    find_all(directive.block, name, found);
  }
}

const Directive* first(const std::vector<Directive>& block, const std::string& name) {
  std::vector<const Directive*> found;
  find_all(block, name, found);
  return found.empty() ? nullptr : found.front();
}

/// "http://api:8000/" → "api:8000"
std::string proxy_target(const std::string& url) {
  std::string target = url.substr(url.find("://") == std::string::npos ? 0 : url.find("://") + 3);
  return target.substr(0, target.find('/'));
}

class NginxCheck final : public Check {
 public:
  std::string config = "**/*.conf";
  std::vector<std::string> proxy_to;  ///< host:port (or port) the proxy must reach, directly or through an upstream
  std::optional<CountRange> upstream_servers;
  bool tls = false;
  bool https_redirect = false;

  std::string describe() const override {
    std::vector<std::string> parts{fmt::format("an Nginx server block in {}", config)};
    if (!proxy_to.empty()) parts.push_back(fmt::format("proxies to {}", fmt::join(proxy_to, ", ")));
    if (upstream_servers) parts.push_back(fmt::format("an upstream with {} servers", upstream_servers->describe()));
    if (tls) parts.push_back("TLS with a certificate and modern protocols");
    if (https_redirect) parts.push_back("plain HTTP redirected to HTTPS");
    return fmt::format("{}", fmt::join(parts, "; "));
  }

  StepOutcome run(const CheckContext& context) const override {
    std::string best_note, best_path = config;
    int best_line = 0;
    for (const auto& file : own_files(context.repo, config)) {
      const auto text = read_repo_text(context.root(), file, 1 << 20);
      if (!text) continue;
      std::string problem;
      const auto top = ConfigReader(*text).read(problem);
      if (!problem.empty()) {
        const int line = std::atoi(problem.c_str());
        return {Status::fail, fmt::format("{}:{}", file, problem), file, line};
      }
      std::vector<const Directive*> servers;
      find_all(top, "server", servers);
      std::erase_if(servers, [](const Directive* d) { return d->block.empty(); });  // upstream's `server host;` lines
      if (servers.empty()) continue;
      std::vector<std::string> problems = judge(top, servers);
      if (problems.empty())
        return {Status::pass, fmt::format("{}: {} server block(s){}", file, servers.size(), summary())};
      if (best_note.empty()) {
        best_note = fmt::format("{}: {}", file, fmt::join(problems, "\n"));
        best_path = file;
        best_line = servers.front()->line;
      }
    }
    if (!best_note.empty()) return {Status::fail, best_note, best_path, best_line};
    return {Status::fail, fmt::format("no Nginx configuration with a server block in {}", config)};
  }

 private:
  std::string summary() const {
    std::string text;
    if (!proxy_to.empty()) text += fmt::format(", proxying to {}", fmt::join(proxy_to, ", "));
    if (tls) text += ", TLS";
    if (https_redirect) text += ", HTTP redirected to HTTPS";
    return text;
  }

  std::vector<std::string> judge(const std::vector<Directive>& top,
                                 const std::vector<const Directive*>& servers) const {
    std::vector<std::string> problems;
    std::map<std::string, std::vector<std::string>> upstreams;  // name → its servers
    std::vector<const Directive*> upstream_blocks;
    find_all(top, "upstream", upstream_blocks);
    for (const auto* upstream : upstream_blocks) {
      auto& members = upstreams[upstream->args.empty() ? "" : upstream->args.front()];
      for (const auto& member : upstream->block) {
        if (member.name == "server" && !member.args.empty()) members.push_back(member.args.front());
      }
    }
    std::set<std::string> reached;  // host:port the proxy_pass lines lead to
    std::vector<const Directive*> passes;
    for (const auto* server : servers) find_all(server->block, "proxy_pass", passes);
    for (const auto* pass : passes) {
      if (pass->args.empty()) continue;
      const std::string target = proxy_target(pass->args.front());
      const auto upstream = upstreams.find(target);
      if (upstream == upstreams.end())
        reached.insert(target);
      else
        reached.insert(upstream->second.begin(), upstream->second.end());
    }
    if (!proxy_to.empty() && passes.empty())
      problems.push_back("no location passes requests on (location / { proxy_pass http://app:8000; })");
    for (const auto& wanted : proxy_to) {
      const bool hit = std::any_of(reached.begin(), reached.end(),
                                   [&](const std::string& t) { return t == wanted || t.ends_with(":" + wanted); });
      if (!hit && !passes.empty())
        problems.push_back(fmt::format("no proxy_pass reaches {} (it reaches {})", wanted, fmt::join(reached, ", ")));
    }
    if (upstream_servers) {
      std::size_t most = 0;
      for (const auto& [name, members] : upstreams) most = std::max(most, members.size());
      if (!upstream_servers->contains(static_cast<long>(most))) {
        problems.push_back(fmt::format(
            "the largest upstream has {} server(s), need {} (upstream api {{ server api1:8000; server api2:8000; }})",
            most, upstream_servers->describe()));
      }
    }
    if (tls) judge_tls(servers, problems);
    if (https_redirect && !redirects(servers)) {
      problems.push_back("no server on port 80 redirects to HTTPS (return 301 https://$host$request_uri;)");
    }
    return problems;
  }

  static bool listens(const Directive& server, bool tls) {
    for (const auto& directive : server.block) {
      if (directive.name != "listen") continue;
      const bool ssl = std::find(directive.args.begin(), directive.args.end(), "ssl") != directive.args.end();
      const bool port80 =
          !directive.args.empty() && (directive.args.front() == "80" || directive.args.front().ends_with(":80"));
      if (tls ? ssl : port80) return true;
    }
    return false;
  }

  static void judge_tls(const std::vector<const Directive*>& servers, std::vector<std::string>& problems) {
    const Directive* secure = nullptr;
    for (const auto* server : servers) {
      if (listens(*server, true)) secure = server;
    }
    if (!secure) {
      problems.push_back("no server listens with TLS (listen 443 ssl;)");
      return;
    }
    for (const char* needed : {"ssl_certificate", "ssl_certificate_key"}) {
      if (!first(secure->block, needed))
        problems.push_back(fmt::format("line {}: the TLS server has no {}", secure->line, needed));
    }
    if (const auto* protocols = first(secure->block, "ssl_protocols")) {
      for (const auto& protocol : protocols->args) {
        if (protocol == "SSLv2" || protocol == "SSLv3" || protocol == "TLSv1" || protocol == "TLSv1.1") {
          problems.push_back(
              fmt::format("line {}: {} is broken; allow TLSv1.2 TLSv1.3 only", protocols->line, protocol));
        }
      }
    }
  }

  static bool redirects(const std::vector<const Directive*>& servers) {
    for (const auto* server : servers) {
      if (!listens(*server, false)) continue;
      std::vector<const Directive*> moves;
      find_all(server->block, "return", moves);
      find_all(server->block, "rewrite", moves);
      for (const auto* move : moves) {
        for (const auto& arg : move->args) {
          if (arg.rfind("https://", 0) == 0) return true;
        }
      }
    }
    return false;
  }
};

}  // namespace

std::unique_ptr<Check> parse_nginx_check(SpecMap& spec) {
  auto check = std::make_unique<NginxCheck>();
  check->config = spec.string("config").value_or("**/*.conf");
  if (auto problem = path_shape_problem(check->config); !problem.empty()) spec.error("config", problem);
  check->proxy_to = spec.string_list("proxy_to").value_or(std::vector<std::string>{});
  if (spec.has("upstream_servers"))
    check->upstream_servers =
        read_count_range(spec.node("upstream_servers"), "upstream_servers", spec.file(), spec.diagnostics());
  check->tls = spec.boolean("tls").value_or(false);
  check->https_redirect = spec.boolean("https_redirect").value_or(false);
  return check;
}

}  // namespace labkit
