// Rows of the gradebook: kept per learner as JSON (for resuming and merging
// shards), filled from a `labs verify` JSON report, written out as CSV.
#include <labs/base/atomic_file.hpp>
#include <labs/grade/grade.hpp>

#include <csv.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <ctime>
#include <fstream>
#include <iostream>
#include <set>

namespace labkit::grade {

using nlohmann::json;

std::optional<long long> parse_time(const std::string& text) {
  std::tm parts{};
  const char* rest = nullptr;
  for (const char* format :
       {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"}) {
    parts = {};
    rest = strptime(text.c_str(), format, &parts);
    if (rest) break;
  }
  if (!rest) return std::nullopt;
  long long offset = 0;  // no zone = UTC, so a deadline means the same on every machine
  const std::string zone(rest);
  if (zone == "Z" || zone.empty()) {
    offset = 0;
  } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 6 && zone[3] == ':') {
    int hours = 0, minutes = 0;
    if (std::sscanf(zone.c_str() + 1, "%2d:%2d", &hours, &minutes) != 2) return std::nullopt;
    offset = (zone[0] == '+' ? 1 : -1) * (hours * 3600LL + minutes * 60LL);
  } else {
    return std::nullopt;
  }
  return static_cast<long long>(timegm(&parts)) - offset;
}

std::string format_time(long long seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string row_to_json(const Row& row) {
  json items = json::array();
  for (const auto& [id, status] : row.items) items.push_back({{"id", id}, {"status", status}});
  const json document{{"student", row.student},
                      {"repo", row.repo},
                      {"ref", row.ref},
                      {"line", row.line},
                      {"grading_status", row.status},
                      {"note", row.note},
                      {"commit", row.commit},
                      {"author_time", row.author_time},
                      {"commit_time", row.commit_time},
                      {"flags", row.flags},
                      {"score", row.score},
                      {"max_score", row.max_score},
                      {"items", items},
                      {"evidence", row.evidence},
                      {"key", row.key}};
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::optional<Row> row_from_json(const std::string& text) {
  try {
    const json document = json::parse(text);
    Row row;
    row.student = document.at("student").get<std::string>();
    row.repo = document.at("repo").get<std::string>();
    row.ref = document.at("ref").get<std::string>();
    row.line = document.at("line").get<int>();
    row.status = document.at("grading_status").get<std::string>();
    row.note = document.at("note").get<std::string>();
    row.commit = document.at("commit").get<std::string>();
    row.author_time = document.at("author_time").get<long long>();
    row.commit_time = document.at("commit_time").get<long long>();
    row.flags = document.at("flags").get<std::vector<std::string>>();
    row.score = document.at("score").get<double>();
    row.max_score = document.at("max_score").get<double>();
    for (const auto& item : document.at("items")) {
      row.items.emplace_back(item.at("id").get<std::string>(), item.at("status").get<std::string>());
    }
    row.key = document.at("key").get<std::string>();
    row.evidence = document.value("evidence", std::map<std::string, std::string>{});
    return row;
  } catch (const json::exception&) {
    return std::nullopt;  // a row cut short by a kill is graded again
  }
}

namespace {

/// The first line of the first step of `item` that did not pass, cut to a
/// tooltip's length; "" for a passing item.
std::string first_unpassed_evidence(const json& item) {
  constexpr std::size_t kMaxLength = 200;
  if (item.value("status", "") == "pass") return "";
  for (const auto& step : item.value("steps", json::array())) {
    if (step.value("status", "") == "pass") continue;
    std::string line = step.value("evidence", "");
    line = line.substr(0, line.find('\n'));
    if (line.size() > kMaxLength) {
      std::size_t cut = kMaxLength;
      while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
      line = line.substr(0, cut) + "…";
    }
    return line;
  }
  return "";
}

}  // namespace

bool fill_from_report(Row& row, const std::string& report_json, std::string& error) {
  try {
    const json report = json::parse(report_json);
    if (report.value("schema", "") != "labs-report/1") {
      error = "the report is not labs-report/1";
      return false;
    }
    row.score = report.at("summary").at("points").get<double>();
    row.max_score = 0;
    row.items.clear();
    row.evidence.clear();
    for (const auto& lab : report.at("labs")) {
      for (const auto& item : lab.at("items")) {
        // What only the learner's machine can prove is not in a grade's maximum.
        const bool unprovable =
            item.value("out_of_context", false) || (item.value("local_only", false) && item.at("status") == "skip");
        if (!unprovable) row.max_score += item.at("max_points").get<double>();
        const std::string id = lab.at("id").get<std::string>() + "/" + item.at("id").get<std::string>();
        row.items.emplace_back(id, item.at("status").get<std::string>());
        if (std::string why = first_unpassed_evidence(item); !why.empty()) row.evidence[id] = std::move(why);
      }
    }
    return true;
  } catch (const json::exception& problem) {
    error = fmt::format("the report cannot be read: {}", problem.what());
    return false;
  }
}

namespace {

std::string csv_field(const std::string& text) {
  std::string quoted(text.size() * 2 + 2, '\0');
  quoted.resize(csv_write(quoted.data(), quoted.size(), text.data(), text.size()));
  return quoted;
}

std::string percent(const Row& row) {
  return row.max_score > 0 ? fmt::format("{:.1f}", 100.0 * row.score / row.max_score) : "";
}

}  // namespace

std::vector<std::string> item_columns(const std::vector<Row>& rows) {
  std::vector<std::string> columns;
  std::set<std::string> seen;
  for (const auto& row : rows) {
    for (const auto& [id, status] : row.items) {
      if (seen.insert(id).second) columns.push_back(id);
    }
  }
  return columns;
}

std::string gradebook_csv(const std::vector<Row>& rows) {
  const auto items = item_columns(rows);
  std::vector<std::string> header{"student", "repo",  "commit", "commit_date", "author_date", "grading_status",
                                  "note",    "score", "max",    "percent",     "flags"};
  header.insert(header.end(), items.begin(), items.end());
  std::string out;
  const auto line = [&](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + csv_field(fields[i]);
    out += "\r\n";  // RFC 4180
  };
  line(header);
  for (const auto& row : rows) {
    const bool graded = !row.commit.empty();
    std::vector<std::string> fields{row.student,
                                    row.repo,
                                    row.commit,
                                    graded ? format_time(row.commit_time) : "",
                                    graded ? format_time(row.author_time) : "",
                                    row.status,
                                    row.note,
                                    row.status == "ok" ? fmt::format("{:g}", row.score) : "",
                                    row.status == "ok" ? fmt::format("{:g}", row.max_score) : "",
                                    row.status == "ok" ? percent(row) : "",
                                    fmt::format("{}", fmt::join(row.flags, "; "))};
    for (const auto& id : items) {
      std::string status;
      for (const auto& [item, value] : row.items) {
        if (item == id) status = value;
      }
      fields.push_back(status);
    }
    line(fields);
  }
  return out;
}

bool write_grading_record(const std::filesystem::path& out, const GradingRecord& record) {
  const std::string problem = replace_file_atomically(
      out / "grading.json", json(record).dump(2, ' ', false, json::error_handler_t::replace) + "\n");
  if (!problem.empty())
    std::cerr << fmt::format("labs grade: cannot write {}: {}\n", (out / "grading.json").string(), problem);
  return problem.empty();
}

std::optional<GradingRecord> read_grading_record(const std::filesystem::path& out) {
  std::ifstream in(out / "grading.json");
  if (!in) return std::nullopt;
  const json document = json::parse(in, nullptr, false);
  if (!document.is_object()) return std::nullopt;
  GradingRecord record;
  for (const auto& [name, value] : document.items()) {
    if (!value.is_string()) return std::nullopt;
    record.emplace(name, value.get<std::string>());
  }
  return record;
}

}  // namespace labkit::grade
