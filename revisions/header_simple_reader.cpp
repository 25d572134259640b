// The fast reader of ReadSimpleHeader. Reading a 7-line header with yaml-cpp costs about
// 30 µs, which alone would spend the 10 ms budget of `rev heads` on 1,000 revisions; the
// one-line forms below cover every header `rev create` writes and take well under 1 µs.
// Anything unusual is handed back to yaml-cpp, so YAML's full grammar still applies.
#include <cstring>

#include "revisions/header_entries.h"

namespace rev::revisions {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view TrimRight(std::string_view text) {
  while (!text.empty() && (IsSpace(text.back()) || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

std::string_view TrimLeft(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  return text;
}

bool IsKeyChar(char c, bool first) {
  bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return letter || (!first && c >= '0' && c <= '9');
}

// YAML gives control characters (NUL, a lone CR, ESC, DEL...) meanings of their own or
// refuses them; such a line is left to yaml-cpp. A tab is decided where it appears.
bool HasControlCharacter(std::string_view text) {
  for (char c : text) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == '\x7F') return true;
  }
  return false;
}

bool IsNullWord(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

// A plain scalar that YAML reads as exactly its text, in block or flow context.
bool IsSafePlain(std::string_view text, bool in_flow) {
  if (text.empty() || IsSpace(text.front())) return false;  // YAML drops leading blanks
  if (std::strchr("-?:,[]{}#&*!|>'\"%@`", text.front()) != nullptr) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\t') return false;
    if (c == ':' && (i + 1 == text.size() || IsSpace(text[i + 1]) || in_flow)) return false;
    if (c == '#' && i > 0 && IsSpace(text[i - 1])) return false;
    // yaml-cpp ends a plain scalar in a flow list at any of these, `?` included.
    if (in_flow && std::strchr(",[]{}?", c) != nullptr) return false;
  }
  return true;
}

// Reads a quoted scalar that makes up all of `text`. Only escapes with one meaning are
// taken: '' inside single quotes. Double quotes with a backslash go to yaml-cpp.
bool ReadQuoted(std::string_view text, std::string* out) {
  if (text.size() < 2 || text.back() != text.front()) return false;
  std::string_view body = text.substr(1, text.size() - 2);
  out->clear();
  if (text.front() == '"') {
    if (body.find_first_of("\"\\") != std::string_view::npos) return false;
    *out = std::string(body);
    return true;
  }
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\'') {
      if (i + 1 >= body.size() || body[i + 1] != '\'') return false;
      ++i;
    }
    out->push_back(body[i]);
  }
  return true;
}

// Cuts a trailing ` # comment` outside quotes; false when the quoting is not simple.
bool CutComment(std::string_view* value) {
  std::string_view text = *value;
  size_t scan_from = 0;
  if (!text.empty() && (text.front() == '"' || text.front() == '\'')) {
    size_t close = text.find(text.front(), 1);
    if (text.front() == '\'') {
      while (close != std::string_view::npos && close + 1 < text.size() &&
             text[close + 1] == '\'') {
        close = text.find('\'', close + 2);
      }
    }
    if (close == std::string_view::npos) return false;
    scan_from = close + 1;
  }
  for (size_t i = scan_from; i < text.size(); ++i) {
    if (text[i] == '#' && (i == 0 || IsSpace(text[i - 1]))) {
      *value = TrimRight(text.substr(0, i));
      return true;
    }
  }
  return true;
}

bool ReadScalar(std::string_view text, bool in_flow, std::string* out) {
  if (text.front() == '"' || text.front() == '\'') return ReadQuoted(text, out);
  if (!IsSafePlain(text, in_flow)) return false;
  *out = std::string(text);
  return true;
}

bool ReadFlowList(std::string_view text, std::vector<std::string>* items) {
  if (text.back() != ']') return false;
  std::string_view body = TrimLeft(TrimRight(text.substr(1, text.size() - 2)));
  if (body.empty()) return true;
  while (true) {
    size_t comma = body.find(',');
    std::string_view item = TrimLeft(TrimRight(body.substr(0, comma)));
    if (item.empty() || IsNullWord(item)) return false;
    if (item.front() == '"' || item.front() == '\'') {
      if (item.find(',') != std::string_view::npos) return false;
    }
    std::string value;
    if (!ReadScalar(item, true, &value)) return false;
    items->push_back(std::move(value));
    if (comma == std::string_view::npos) return true;
    body = body.substr(comma + 1);
  }
}

bool ReadValue(std::string_view text, HeaderValue* value) {
  if (!CutComment(&text)) return false;
  if (IsNullWord(text)) {
    value->kind = HeaderValue::Kind::kNull;
    return true;
  }
  if (text.front() == '[') {
    value->kind = HeaderValue::Kind::kList;
    return ReadFlowList(text, &value->list);
  }
  value->kind = HeaderValue::Kind::kScalar;
  return ReadScalar(text, false, &value->scalar);
}

}  // namespace

bool ReadSimpleHeader(std::string_view header, std::vector<HeaderEntry>* entries) {
  int line_number = 0;
  while (!header.empty()) {
    ++line_number;
    size_t newline = header.find('\n');
    std::string_view line = header.substr(0, newline);
    header = newline == std::string_view::npos ? std::string_view() : header.substr(newline + 1);

    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF
    if (HasControlCharacter(line)) return false;  // checked before trimming: "x\r " is not "x"
    line = TrimRight(line);
    if (line.empty() || line.front() == '#') continue;
    size_t key_end = 0;
    while (key_end < line.size() && IsKeyChar(line[key_end], key_end == 0)) ++key_end;
    if (key_end == 0 || key_end >= line.size() || line[key_end] != ':') return false;
    if (key_end + 1 < line.size() && line[key_end + 1] != ' ') return false;
    if (IsNullWord(line.substr(0, key_end))) return false;  // `null:` is a null key in YAML

    HeaderEntry entry;
    entry.key = std::string(line.substr(0, key_end));
    entry.line = line_number;
    if (!ReadValue(TrimLeft(line.substr(key_end + 1)), &entry.value)) return false;
    entries->push_back(std::move(entry));
  }
  return true;
}

std::string QuoteYamlScalar(std::string_view text) {
  if (IsSafePlain(text, false) && !IsNullWord(text) && !HasControlCharacter(text) &&
      TrimRight(text).size() == text.size()) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\r':
        quoted += "\\r";
        break;
      case '\t':
        quoted += "\\t";
        break;
      default:
        if (HasControlCharacter(std::string_view(&c, 1))) {
          // A raw control character would break the header line or be refused by YAML.
          static constexpr char kHex[] = "0123456789ABCDEF";
          unsigned char byte = static_cast<unsigned char>(c);
          quoted += std::string("\\x") + kHex[byte >> 4] + kHex[byte & 0xF];
        } else {
          quoted.push_back(c);
        }
    }
  }
  quoted += '"';
  return quoted;
}

}  // namespace rev::revisions
