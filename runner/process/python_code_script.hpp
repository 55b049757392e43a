#pragma once

namespace labkit {

/// The Python program that reads the learner's sources with `ast`
/// (python_code_script.cpp); it takes the path of a JSON request.
extern const char* const kPythonCodeScript;

}  // namespace labkit
