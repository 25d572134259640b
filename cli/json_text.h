// A JSON document as text, the one way rev writes a document it prints or hands over.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace rev::cli {

// `document` as text (`indent` < 0: one line). Text from a person (a target, a file name)
// may hold bytes that are not UTF-8: they become U+FFFD rather than an exception in the
// middle of reporting an error.
inline std::string JsonText(const nlohmann::json& document, int indent) {
  return document.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace rev::cli
