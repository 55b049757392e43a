// The nginx check on a reverse proxy as week 8 of the backend track asks:
// an upstream, TLS, HTTP redirected to HTTPS; and syntax errors with lines.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kConfig = R"(# the API behind Nginx
upstream api {
    server api1:8000;
    server api2:8000;
}

server {
    listen 80;
    server_name example.com;
    return 301 https://$host$request_uri;
}

server {
    listen 443 ssl;
    http2 on;
    server_name example.com;
    ssl_certificate /etc/letsencrypt/live/example.com/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/example.com/privkey.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {
        proxy_pass http://api;
        proxy_set_header Host $host;
        add_header X-Note "a ; and { inside quotes";
    }
}
)";

}  // namespace

TEST_CASE("nginx: a load-balanced TLS proxy with a redirect passes", "[nginx]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("nginx/conf.d/api.conf", kConfig);
  const auto outcome =
      run_step("nginx: {proxy_to: ['8000', 'api1:8000'], upstream_servers: {min: 2}, tls: true, https_redirect: true}",
               temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(outcome.evidence ==
        "nginx/conf.d/api.conf: 2 server block(s), proxying to 8000, api1:8000, TLS, HTTP redirected to HTTPS");
}

TEST_CASE("nginx: a plain-HTTP proxy to the wrong port, old protocols, and syntax errors", "[nginx]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("nginx.conf",
             "server {\n  listen 80;\n  location / { proxy_pass http://app:5000/; }\n}\n"
             "server {\n  listen 443 ssl;\n  ssl_protocols TLSv1 TLSv1.2;\n}\n");
  const auto outcome =
      run_step("nginx: {proxy_to: ['8000'], upstream_servers: {min: 2}, tls: true, https_redirect: true}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::fail);
  CHECK_THAT(outcome.evidence, Catch::Contains("no proxy_pass reaches 8000 (it reaches app:5000)"));
  CHECK_THAT(outcome.evidence, Catch::Contains("the largest upstream has 0 server(s), need at least 2"));
  CHECK_THAT(outcome.evidence, Catch::Contains("line 5: the TLS server has no ssl_certificate"));
  CHECK_THAT(outcome.evidence, Catch::Contains("line 7: TLSv1 is broken"));
  CHECK_THAT(outcome.evidence, Catch::Contains("no server on port 80 redirects to HTTPS"));

  repo.write("nginx.conf", "server {\n  listen 80\n  location / { proxy_pass http://app:8000; }\n}\n");
  const auto unterminated = run_step("nginx: {proxy_to: ['8000']}", temp.path());
  CHECK(unterminated.evidence == "nginx.conf:2: directive \"listen\" is not terminated by \";\"");
  CHECK(unterminated.line == 2);
  repo.write("nginx.conf", "server {\n  listen 80;\n");
  CHECK(run_step("nginx: {proxy_to: ['8000']}", temp.path()).evidence ==
        "nginx.conf:3: unexpected end of file, expecting \"}\"");
  repo.write("nginx.conf", "server { listen 80; }\n}\n");
  CHECK(run_step("nginx: {tls: true}", temp.path()).evidence == "nginx.conf:2: unexpected \"}\"");
}
