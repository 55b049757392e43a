#include <labs/formats/junit_xml.hpp>

#include <pugixml.hpp>

#include <algorithm>

namespace labkit {

namespace {

std::string without_parameters(const std::string& name) { return name.substr(0, name.find('[')); }

/// "tests/test_x.py::TestCls" → "tests.test_x.TestCls", as pytest writes classname.
std::string dotted(const std::string& node_prefix) {
  std::string path = node_prefix.substr(0, node_prefix.find("::"));
  std::string rest = node_prefix.size() > path.size() ? node_prefix.substr(path.size()) : "";
  if (path.ends_with(".py")) path.resize(path.size() - 3);
  std::replace(path.begin(), path.end(), '/', '.');
  std::string classes;
  for (std::size_t at = 0; (at = rest.find("::", at)) != std::string::npos; at += 2) {
    const std::size_t end = rest.find("::", at + 2);
    classes += "." + rest.substr(at + 2, end == std::string::npos ? std::string::npos : end - at - 2);
  }
  return path + classes;
}

}  // namespace

std::string TestCaseResult::node_id() const {
  // The module is the longest dotted prefix that is not a class (classes start upper-case).
  std::string module = classname, classes;
  while (true) {
    const auto dot = module.rfind('.');
    if (dot == std::string::npos || !std::isupper(static_cast<unsigned char>(module[dot + 1]))) break;
    classes.insert(0, "::" + module.substr(dot + 1));
    module.resize(dot);
  }
  std::replace(module.begin(), module.end(), '.', '/');
  return module + ".py" + classes + "::" + name;
}

std::size_t JUnitReport::count(TestCaseResult::Outcome outcome) const {
  return static_cast<std::size_t>(
      std::count_if(cases.begin(), cases.end(), [&](const TestCaseResult& c) { return c.outcome == outcome; }));
}

std::optional<JUnitReport> read_junit_xml(std::string_view xml, std::string& error) {
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(xml.data(), xml.size());
  if (!parsed) {
    error = std::string("not valid XML: ") + parsed.description();
    return std::nullopt;
  }
  pugi::xml_node root = document.document_element();
  if (std::string_view(root.name()) != "testsuites" && std::string_view(root.name()) != "testsuite") {
    error = std::string("not a JUnit report (root element <") + root.name() + ">)";
    return std::nullopt;
  }
  JUnitReport report;
  for (const pugi::xpath_node& found : document.select_nodes("//testcase")) {
    const pugi::xml_node element = found.node();
    TestCaseResult test_case{element.attribute("classname").value(), element.attribute("name").value()};
    using Outcome = TestCaseResult::Outcome;
    for (const auto& [tag, outcome] : {std::pair{"failure", Outcome::failed}, std::pair{"error", Outcome::error},
                                       std::pair{"skipped", Outcome::skipped}}) {
      if (const pugi::xml_node child = element.child(tag)) {
        test_case.outcome = outcome;
        test_case.message = child.attribute("message").value();
        test_case.detail = child.text().get();
        break;
      }
    }
    report.cases.push_back(std::move(test_case));
  }
  return report;
}

bool names_test_case(const std::string& wanted, const TestCaseResult& test_case) {
  const std::string name = without_parameters(test_case.name);
  if (wanted.find(".py") == std::string::npos) return name == without_parameters(wanted);
  const auto last = wanted.rfind("::");
  if (last == std::string::npos) {
    // A whole file: every case whose classname starts with its dotted path.
    const std::string file = dotted(wanted);
    return test_case.classname == file || test_case.classname.starts_with(file + ".");
  }
  return test_case.classname == dotted(wanted.substr(0, last)) && name == without_parameters(wanted.substr(last + 2));
}

}  // namespace labkit
