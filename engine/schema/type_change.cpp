#include "engine/schema/type_change.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

namespace rev::engine::schema {
namespace {

struct ParsedType {
  std::string base;            // lower case, modifiers removed
  std::vector<int> modifiers;  // (20) → {20}; (10,2) → {10, 2}
};

ParsedType ParseType(const std::string& text) {
  ParsedType type;
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t open = lower.find('(');
  type.base = lower.substr(0, open);
  while (!type.base.empty() && type.base.back() == ' ') type.base.pop_back();
  if (open != std::string::npos) {
    int value = 0;
    bool digits = false;
    for (size_t i = open + 1; i < lower.size() && lower[i] != ')'; ++i) {
      if (std::isdigit(static_cast<unsigned char>(lower[i]))) {
        value = value * 10 + (lower[i] - '0');
        digits = true;
      } else if (lower[i] == ',' && digits) {
        type.modifiers.push_back(value);
        value = 0;
        digits = false;
      }
    }
    if (digits) type.modifiers.push_back(value);
  }
  return type;
}

// The same family of integers or floats, by width.
std::optional<int> IntegerWidth(const std::string& base) {
  if (base == "smallint" || base == "int2") return 2;
  if (base == "integer" || base == "int" || base == "int4") return 4;
  if (base == "bigint" || base == "int8") return 8;
  return std::nullopt;
}

std::optional<int> FloatWidth(const std::string& base) {
  if (base == "real" || base == "float4") return 4;
  if (base == "double precision" || base == "float8" || base == "double") return 8;
  return std::nullopt;
}

bool IsString(const std::string& base) {
  return base == "character varying" || base == "varchar" || base == "text" ||
         base == "character" || base == "char";
}

}  // namespace

bool IsWideningTypeChange(const std::string& before, const std::string& after) {
  ParsedType from = ParseType(before);
  ParsedType to = ParseType(after);
  if (from.base == to.base && from.modifiers == to.modifiers) return true;  // case only
  if (auto a = IntegerWidth(from.base), b = IntegerWidth(to.base); a && b) return *a <= *b;
  if (auto a = FloatWidth(from.base), b = FloatWidth(to.base); a && b) return *a <= *b;
  if (IsString(from.base) && IsString(to.base)) {
    if (to.base == "text" || to.modifiers.empty())
      return to.base != "character" && to.base != "char";
    if (from.modifiers.empty()) return false;
    return from.base != "text" && to.modifiers[0] >= from.modifiers[0] &&
           (to.base == from.base || to.base == "character varying" || to.base == "varchar");
  }
  if ((from.base == "numeric" || from.base == "decimal") && from.base == to.base) {
    if (to.modifiers.empty()) return true;
    if (from.modifiers.empty()) return false;
    int from_scale = from.modifiers.size() > 1 ? from.modifiers[1] : 0;
    int to_scale = to.modifiers.size() > 1 ? to.modifiers[1] : 0;
    return to_scale >= from_scale && to.modifiers[0] - to_scale >= from.modifiers[0] - from_scale;
  }
  return false;
}

}  // namespace rev::engine::schema
