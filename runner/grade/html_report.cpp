// report.html: the gradebook as one self-contained page (inline CSS and SVG,
// no script, no external asset), readable offline and printable.
#include <labs/grade/grade.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace labkit::grade {

namespace {

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr const char* kStyle = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1f24}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
table{border-collapse:separate;border-spacing:0}th,td{padding:3px 6px;border:1px solid #d0d7de;text-align:center}
.scroll{max-height:85vh;max-width:100%;overflow:auto;border:1px solid #d0d7de}
#heatmap thead th{position:sticky;top:0;background:#f6f8fa;z-index:2}
#heatmap td.student{position:sticky;left:0;background:#fff;z-index:1}
#heatmap thead th.student{left:0;z-index:3}
th.item{vertical-align:bottom;font-weight:normal;font-size:12px}
th.item span{writing-mode:vertical-rl;transform:rotate(180deg);display:inline-block;max-height:180px;overflow:hidden}
td.student{text-align:left;white-space:nowrap}
td.pass{background:#2da44e;color:#fff}td.fail{background:#cf222e;color:#fff}
td.error{background:#bf8700;color:#fff}td.skip{background:#d0d7de}td.none{background:#fff}
td.status{text-align:left;font-size:12px;color:#57606a;white-space:nowrap}
.bar{fill:#0969da}.bar.full{fill:#2da44e}.axis{font-size:11px;fill:#57606a}
.rate{display:inline-block;height:12px;background:#2da44e;vertical-align:middle}
)";

std::string symbol(const std::string& status) {
  if (status == "pass") return "✓";
  if (status == "fail") return "✗";
  if (status == "error") return "?";
  if (status == "skip") return "–";
  return "";
}

std::string status_of(const Row& row, const std::string& item) {
  for (const auto& [id, status] : row.items) {
    if (id == item) return status;
  }
  return "";
}

/// What a cell says on hover: the item, its status, and why it did not pass.
std::string cell_title(const Row& row, const std::string& item, const std::string& status) {
  std::string title = item + ": " + (status.empty() ? "not graded" : status);
  if (const auto why = row.evidence.find(item); why != row.evidence.end()) title += " — " + why->second;
  return escaped(title);
}

/// Learners × items, in a box that scrolls both ways under sticky item
/// headers and learner names; each learner links to their feedback.
std::string heatmap(const std::vector<Row>& rows, const std::vector<std::string>& items) {
  std::string out =
      "<div class=\"scroll\" id=\"heatmap-box\"><table id=\"heatmap\"><thead><tr><th class=\"student\">student</th>"
      "<th>score</th>";
  for (const auto& item : items)
    out += fmt::format("<th class=\"item\" title=\"{0}\"><span>{0}</span></th>", escaped(item));
  out += "<th>status</th></tr></thead><tbody>\n";
  for (const auto& row : rows) {
    const bool ok = row.status == "ok";
    const std::string name =
        ok ? fmt::format("<a href=\"feedback/{}.md\">{}</a>", escaped(file_key(row.student)), escaped(row.student))
           : escaped(row.student);
    out += fmt::format("<tr><td class=\"student\">{}</td><td>{}</td>", name,
                       ok ? fmt::format("{:g}/{:g}", row.score, row.max_score) : "—");
    for (const auto& item : items) {
      const std::string status = status_of(row, item);
      out += fmt::format("<td class=\"{}\" title=\"{}\">{}</td>", status.empty() ? "none" : status,
                         cell_title(row, item, status), symbol(status));
    }
    std::string note = row.status;
    if (!row.note.empty()) note += ": " + row.note;
    for (const auto& flag : row.flags) note += "; " + flag;
    out += fmt::format("<td class=\"status\">{}</td></tr>\n", escaped(note));
  }
  return out + "</tbody></table></div>\n";
}

std::string pass_rates(const std::vector<Row>& rows, const std::vector<std::string>& items) {
  // An item nobody could be graded on (all skipped) has no rate and goes last.
  std::vector<std::pair<double, std::string>> rates;
  for (const auto& item : items) {
    int graded = 0, passed = 0;
    for (const auto& row : rows) {
      const std::string status = status_of(row, item);
      if (status.empty() || status == "skip") continue;
      ++graded;
      passed += status == "pass";
    }
    rates.emplace_back(graded ? 100.0 * passed / graded : 101.0, item);
  }
  std::stable_sort(rates.begin(), rates.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out =
      "<table id=\"pass-rates\"><thead><tr><th>item (hardest first)</th><th>passed</th><th></th></tr></thead><tbody>\n";
  for (const auto& [rate, item] : rates) {
    out += fmt::format(
        "<tr><td class=\"student\">{}</td><td>{}</td><td style=\"text-align:left\">"
        "<span class=\"rate\" style=\"width:{:.0f}px\"></span></td></tr>\n",
        escaped(item), rate > 100 ? "— (skipped)" : fmt::format("{:.0f}%", rate), rate > 100 ? 0 : rate * 2);
  }
  return out + "</tbody></table>\n";
}

/// The score in percent as an SVG bar chart: ten bins of 10 points, and
/// 100 % on a bar of its own (a class that did everything is not "90-100").
std::string distribution(const std::vector<Row>& rows) {
  constexpr std::size_t kBins = 11;
  std::array<int, kBins> bins{};
  for (const auto& row : rows) {
    if (row.status != "ok" || row.max_score <= 0) continue;
    const double percent = 100.0 * row.score / row.max_score;
    const std::size_t bin = percent >= 100.0 - 1e-9
                                ? kBins - 1
                                : std::min(kBins - 2, static_cast<std::size_t>(std::max(0.0, percent) / 10.0));
    ++bins[bin];
  }
  const int highest = std::max(1, *std::max_element(bins.begin(), bins.end()));
  constexpr int kWidth = 40, kHeight = 120;
  std::string out = fmt::format(
      "<svg id=\"score-distribution\" width=\"{}\" height=\"{}\" role=\"img\" "
      "aria-label=\"score distribution\">\n",
      kWidth * static_cast<int>(kBins) + 20, kHeight + 40);
  for (std::size_t b = 0; b < bins.size(); ++b) {
    const bool full = b == kBins - 1;
    const int height = bins[b] * kHeight / highest;
    const int x = 10 + static_cast<int>(b) * kWidth;
    const std::string range = full ? "100%" : fmt::format("{}-{}%", b * 10, b * 10 + 9);
    out += fmt::format(
        "<rect class=\"bar{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}: {}</title></rect>"
        "<text class=\"axis\" x=\"{}\" y=\"{}\">{}</text><text class=\"axis\" x=\"{}\" y=\"{}\">{}</text>\n",
        full ? " full" : "", x, 10 + kHeight - height, kWidth - 4, height, range, bins[b], x + 12, 8 + kHeight - height,
        bins[b] ? std::to_string(bins[b]) : "", x + 4, kHeight + 28, full ? "100%" : fmt::format("{}%", b * 10));
  }
  return out + "</svg>\n";
}

}  // namespace

std::string gradebook_html(const std::vector<Row>& rows, const std::string& title) {
  const auto items = item_columns(rows);
  int ok = 0;
  for (const auto& row : rows) ok += row.status == "ok";
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{0}</title><style>{1}</style></head>\n"
      "<body><h1>{0}</h1><p id=\"summary\">{2} learner(s), {3} graded, {4} not gradable; {5} item(s).</p>\n"
      "<h2>Score distribution (percent of the points)</h2>\n{8}<h2>Pass rate of each item</h2>\n{7}"
      "<h2>Learners × items</h2>\n<p>A learner's name opens their feedback; a cell says why on hover.</p>\n{6}"
      "</body></html>\n",
      escaped(title), kStyle, rows.size(), ok, rows.size() - static_cast<std::size_t>(ok), items.size(),
      heatmap(rows, items), pass_rates(rows, items), distribution(rows));
}

}  // namespace labkit::grade
