#include "engine/backends/database_url.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace rev::engine::backends {
namespace {

constexpr const char* kUrlForms =
    "use sqlite:///relative.db, sqlite:////abs/path.db, sqlite://:memory:, "
    "postgresql://user@host:port/db or a libpq key=value string";

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::optional<std::string> PercentDecode(const std::string& text) {
  std::string decoded;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      return std::nullopt;
    }
    decoded += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return decoded;
}

// The parts of a URI that hold a password: the userinfo's `:password` and any
// `password=` query parameter. Ranges are [begin, end) into the URI text.
struct SecretRanges {
  std::optional<std::pair<size_t, size_t>> userinfo_password;
  std::optional<std::pair<size_t, size_t>> query_password;
};

SecretRanges FindUriSecrets(const std::string& text) {
  SecretRanges ranges;
  size_t authority = text.find("://");
  if (authority == std::string::npos) return ranges;
  authority += 3;
  size_t query = text.find('?', authority);
  // The last '@' before the query ends the userinfo, so a password holding an unescaped
  // '@' or '/' is still hidden whole.
  size_t at = text.rfind('@', query == std::string::npos ? std::string::npos : query);
  if (at != std::string::npos && at >= authority) {
    size_t colon = text.find(':', authority);
    if (colon != std::string::npos && colon < at) ranges.userinfo_password = {{colon + 1, at}};
  }
  if (query != std::string::npos) {
    size_t pos = query;
    while (pos < text.size()) {
      size_t start = pos + 1;
      size_t end = text.find('&', start);
      if (end == std::string::npos) end = text.size();
      if (text.compare(start, 9, "password=") == 0) ranges.query_password = {{start + 9, end}};
      pos = end;
    }
  }
  return ranges;
}

std::string ReplaceRanges(const std::string& text, const SecretRanges& ranges) {
  std::string out = text;
  // Replace the later range first so the earlier one's offsets stay valid.
  if (ranges.query_password) {
    out.replace(ranges.query_password->first,
                ranges.query_password->second - ranges.query_password->first, "***");
  }
  if (ranges.userinfo_password) {
    out.replace(ranges.userinfo_password->first,
                ranges.userinfo_password->second - ranges.userinfo_password->first, "***");
  }
  return out;
}

// The URI without its password: the userinfo's `:password`, and the `password=` query
// parameter with its separator.
std::string WithoutUriPassword(const std::string& text, const SecretRanges& ranges) {
  std::string out = text;
  // The query comes after the userinfo: erasing it first keeps the userinfo's offsets.
  if (ranges.query_password) {
    size_t key = ranges.query_password->first - 9;  // "password="
    size_t separator = key - 1;                     // '?' or '&'
    size_t end = ranges.query_password->second;     // at the next '&', or the end
    if (text[separator] == '?' && end < text.size()) {
      out.erase(key, end + 1 - key);  // keep the '?' for the parameter that follows
    } else {
      out.erase(separator, end - separator);
    }
  }
  if (ranges.userinfo_password) {
    size_t colon = ranges.userinfo_password->first - 1;
    out.erase(colon, ranges.userinfo_password->second - colon);
  }
  return out;
}

// A libpq key=value string's `password` value: where it sits and what it is. nullopt when
// the string is malformed.
struct KeywordSecret {
  std::optional<std::pair<size_t, size_t>> range;
  std::optional<std::pair<size_t, size_t>> entry;  // `password = value`, whole
  std::string value;
};

std::optional<KeywordSecret> FindKeywordSecret(const std::string& text) {
  KeywordSecret secret;
  size_t i = 0;
  auto skip_spaces = [&] {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  };
  while (true) {
    skip_spaces();
    if (i >= text.size()) return secret;
    size_t key_start = i;
    while (i < text.size() && text[i] != '=' && !std::isspace(static_cast<unsigned char>(text[i])))
      ++i;
    std::string key = text.substr(key_start, i - key_start);
    skip_spaces();
    if (i >= text.size() || text[i] != '=' || key.empty()) return std::nullopt;
    ++i;
    skip_spaces();
    size_t value_start = i;
    std::string value;
    if (i < text.size() && text[i] == '\'') {
      ++i;
      while (i < text.size() && text[i] != '\'') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i++];
      }
      if (i >= text.size()) return std::nullopt;  // unterminated quote
      ++i;
    } else {
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        value += text[i++];
      }
    }
    if (key == "password") {
      secret.range = {{value_start, i}};
      secret.entry = {{key_start, i}};
      secret.value = value;
    }
  }
}

// For text that could not be parsed: hides everything after the first "password" and any
// URI userinfo password, so an error message never shows a secret.
std::string RedactUnparsed(const std::string& text) {
  std::string out = ReplaceRanges(text, FindUriSecrets(text));
  size_t keyword = out.find("password");
  if (keyword != std::string::npos) out = out.substr(0, keyword) + "password=***";
  return out;
}

Status BadUrl(const std::string& what, const std::string& redacted) {
  return Status::InvalidInput(what + ": '" + redacted + "'").WithHint(kUrlForms);
}

// The database file of a `sqlite:` URL: ":memory:", absolute, or under `root`.
Result<std::filesystem::path> SqlitePath(const std::string& text,
                                         const std::filesystem::path& root) {
  std::string redacted = RedactUnparsed(text);
  if (!StartsWith(text, "sqlite://")) return BadUrl("malformed SQLite URL", redacted);
  std::string rest = text.substr(9);
  if (rest == ":memory:" || rest == "/:memory:") return std::filesystem::path(":memory:");
  if (rest.empty() || rest[0] != '/') {
    return BadUrl("SQLite URL needs three slashes before the path", redacted);
  }
  rest = rest.substr(1);
  if (rest.empty() || rest == "/") return BadUrl("SQLite URL has no path", redacted);
  std::filesystem::path path(rest);
  return path.is_absolute() ? path : (root / path).lexically_normal();
}

// A PostgreSQL connection string's password: as written, decoded, and the string redacted.
struct PgSecret {
  std::string raw;
  std::string decoded;
  std::string redacted;
  std::string without_password;
};

Result<PgSecret> UriSecret(const std::string& text) {
  SecretRanges ranges = FindUriSecrets(text);
  PgSecret secret{"", "", ReplaceRanges(text, ranges), WithoutUriPassword(text, ranges)};
  auto range = ranges.userinfo_password ? ranges.userinfo_password : ranges.query_password;
  if (!range) return secret;
  secret.raw = text.substr(range->first, range->second - range->first);
  std::optional<std::string> decoded = PercentDecode(secret.raw);
  if (!decoded) return BadUrl("malformed %-escape in the URL's password", secret.redacted);
  secret.decoded = *decoded;
  return secret;
}

Result<PgSecret> KeywordsSecret(const std::string& text) {
  std::optional<KeywordSecret> found = FindKeywordSecret(text);
  if (!found) return BadUrl("malformed key=value connection string", RedactUnparsed(text));
  PgSecret secret{"", found->value, text, text};
  if (found->range) {
    secret.raw = text.substr(found->range->first, found->range->second - found->range->first);
    secret.redacted.replace(found->range->first, secret.raw.size(), "***");
    secret.without_password.erase(found->entry->first, found->entry->second - found->entry->first);
  }
  return secret;
}

bool IsSchemaName(const std::string& name) {
  bool valid = !name.empty() && name.size() <= 63 &&
               !std::isdigit(static_cast<unsigned char>(name[0])) && !StartsWith(name, "pg_");
  for (char c : name) valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  return valid;
}

// A URI's `schema=` query parameter, taken out: the schema it names and the URI without it
// (what libpq is given, which would refuse an unknown parameter).
struct SchemaParameter {
  std::string schema;
  std::string rest;
};

Result<SchemaParameter> TakeSchemaParameter(const std::string& text) {
  size_t query = text.find('?', text.find("://") + 3);
  if (query == std::string::npos) return SchemaParameter{"", text};
  SchemaParameter taken{"", text.substr(0, query)};
  std::string kept;
  bool seen = false;
  size_t start = query + 1;
  while (start <= text.size()) {
    size_t end = std::min(text.find('&', start), text.size());
    std::string parameter = text.substr(start, end - start);
    if (StartsWith(parameter, "schema=")) {
      std::optional<std::string> name = PercentDecode(parameter.substr(7));
      if (seen || !name || !IsSchemaName(*name)) {
        return Status::InvalidInput(
                   std::string(seen ? "schema= is given twice" : "not a plain schema name") +
                   " in the database URL '" + RedactUnparsed(text) + "'")
            .WithHint(
                "name one schema of 1-63 letters, digits and '_', not starting with a digit or "
                "pg_: ?schema=tenant_42");
      }
      seen = true;
      taken.schema = *name;
    } else if (!parameter.empty()) {
      kept += (kept.empty() ? "?" : "&") + parameter;
    }
    start = end + 1;
  }
  taken.rest += kept;
  return taken;
}

}  // namespace

const char* DatabaseKindName(DatabaseKind kind) {
  return kind == DatabaseKind::kSqlite ? "sqlite" : "postgresql";
}

DatabaseUrl DatabaseUrl::ForSqliteFile(const std::filesystem::path& file) {
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(file, error);
  DatabaseUrl url;
  url.kind_ = DatabaseKind::kSqlite;
  url.sqlite_path_ = (error ? file : absolute).lexically_normal();
  url.redacted_ = "sqlite:///" + url.sqlite_path_.string();
  return url;
}

Result<DatabaseUrl> DatabaseUrl::Parse(const std::string& text,
                                       const std::filesystem::path& project_root) {
  DatabaseUrl url;
  if (text.empty()) {
    return Status::InvalidInput("no database URL given")
        .WithHint("set database: in rev.yaml, REV_DATABASE_URL, or pass --database URL");
  }
  if (StartsWith(text, "sqlite:")) {
    url.kind_ = DatabaseKind::kSqlite;
    REV_ASSIGN_OR_RETURN(url.sqlite_path_, SqlitePath(text, project_root));
    url.redacted_ = text;
    return url;
  }
  bool uri = StartsWith(text, "postgresql://") || StartsWith(text, "postgres://");
  bool keywords = text.find("://") == std::string::npos && text.find('=') != std::string::npos;
  if (uri || keywords) {
    SchemaParameter libpq{"", text};
    if (uri) {
      REV_ASSIGN_OR_RETURN(libpq, TakeSchemaParameter(text));
    }
    REV_ASSIGN_OR_RETURN(PgSecret secret, uri ? UriSecret(libpq.rest) : KeywordsSecret(libpq.rest));
    url.kind_ = DatabaseKind::kPostgres;
    url.connection_string_ = std::move(libpq.rest);
    url.schema_ = std::move(libpq.schema);
    url.raw_password_ = std::move(secret.raw);
    url.password_ = std::move(secret.decoded);
    // From the text as written, so that the schema shows.
    url.redacted_ = uri ? ReplaceRanges(text, FindUriSecrets(text)) : std::move(secret.redacted);
    url.connection_string_without_password_ = std::move(secret.without_password);
    return url;
  }
  size_t colon = text.find(':');
  if (colon == std::string::npos) return BadUrl("not a database URL", RedactUnparsed(text));
  return BadUrl("unknown database URL scheme '" + text.substr(0, colon) + "'",
                RedactUnparsed(text));
}

DatabaseUrl DatabaseUrl::WithDatabaseName(const std::string& name) const {
  std::string text = connection_string_;
  size_t scheme = text.find("://");
  if (scheme == std::string::npos) {
    text += " dbname=" + name;  // libpq takes the last value of a repeated keyword
  } else {
    size_t query = text.find('?', scheme + 3);
    size_t path = text.find('/', scheme + 3);
    if (path == std::string::npos || (query != std::string::npos && path > query)) path = query;
    std::string rest = query == std::string::npos ? "" : text.substr(query);
    text = text.substr(0, path == std::string::npos ? text.size() : path) + "/" + name + rest;
  }
  Result<DatabaseUrl> url = Parse(text, "");
  return url.ok() ? std::move(url).value() : *this;
}

std::string DatabaseUrl::RedactMessage(std::string text) const {
  text = RedactSecret(std::move(text), raw_password_);
  return RedactSecret(std::move(text), password_);
}

std::string RedactSecret(std::string text, const std::string& password) {
  if (password.empty()) return text;
  size_t pos = 0;
  while ((pos = text.find(password, pos)) != std::string::npos) {
    text.replace(pos, password.size(), "***");
    pos += 3;
  }
  return text;
}

}  // namespace rev::engine::backends
