#include "engine/importers/sql_statements.h"

#include <algorithm>
#include <cctype>

namespace rev::engine::importers {
namespace {

constexpr size_t kWordsKept = 8;

bool IsWordCharacter(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The length of a dollar-quote tag starting at sql[at] ("$$" or "$tag$"), or 0 ($1 is a
// parameter, not a tag).
size_t DollarTagLength(std::string_view sql, size_t at) {
  size_t i = at + 1;
  if (i < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i])) != 0) return 0;
  while (i < sql.size() && IsWordCharacter(sql[i])) ++i;
  return i < sql.size() && sql[i] == '$' ? i - at + 1 : 0;
}

class Splitter {
 public:
  explicit Splitter(std::string_view sql) : sql_(sql) {}

  std::vector<SqlStatement> Run() {
    while (at_ < sql_.size()) Step();
    Finish(sql_.size());
    return std::move(statements_);
  }

 private:
  void Step() {
    const char c = sql_[at_];
    if (c == '\n') ++line_;
    if (c == '-' && Next() == '-') return SkipUntil("\n", /*keep_end=*/true);
    if (c == '/' && Next() == '*') return SkipUntil("*/", false);
    if (c == '\'' || c == '"' || c == '`') return SkipQuoted(std::string(1, c), 1);
    if (c == '$') {
      if (size_t tag = DollarTagLength(sql_, at_); tag > 0) {
        return SkipQuoted(std::string(sql_.substr(at_, tag)), tag);
      }
    }
    if (IsWordCharacter(c)) return Word();
    if (c == ';' && depth_ == 0) {
      ++at_;
      return Finish(at_);
    }
    if (std::isspace(static_cast<unsigned char>(c)) == 0) Start();
    ++at_;
  }

  char Next() const { return at_ + 1 < sql_.size() ? sql_[at_ + 1] : '\0'; }

  void SkipUntil(std::string_view end, bool keep_end) {
    size_t found = sql_.find(end, at_ + 2);
    size_t stop =
        found == std::string_view::npos ? sql_.size() : found + (keep_end ? 0 : end.size());
    line_ += static_cast<int>(std::count(sql_.begin() + at_, sql_.begin() + stop, '\n'));
    at_ = stop;
  }

  void SkipQuoted(const std::string& close, size_t open_length) {
    Start();
    size_t found = sql_.find(close, at_ + open_length);
    size_t stop = found == std::string_view::npos ? sql_.size() : found + close.size();
    line_ += static_cast<int>(std::count(sql_.begin() + at_, sql_.begin() + stop, '\n'));
    at_ = stop;
  }

  void Word() {
    Start();
    size_t stop = at_;
    while (stop < sql_.size() && IsWordCharacter(sql_[stop])) ++stop;
    std::string word(sql_.substr(at_, stop - at_));
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    Count(word);
    if (current_.words.size() < kWordsKept) current_.words.push_back(word);
    ++word_count_;
    at_ = stop;
  }

  // A BEGIN that opens a statement is a transaction; one inside (a trigger's body, BEGIN
  // ATOMIC) opens a block that only its END closes, as does CASE.
  void Count(const std::string& word) {
    if ((word == "BEGIN" && word_count_ > 0) || word == "CASE") ++depth_;
    if (word == "END" && depth_ > 0) --depth_;
  }

  void Start() {
    if (!started_) {
      started_ = true;
      current_.begin = at_;
      current_.line = line_;
    }
  }

  void Finish(size_t end) {
    if (started_ && !current_.words.empty()) {
      current_.end = end;
      statements_.push_back(std::move(current_));
    }
    current_ = SqlStatement{};
    started_ = false;
    depth_ = 0;
    word_count_ = 0;
  }

  std::string_view sql_;
  size_t at_ = 0;
  int line_ = 1;
  SqlStatement current_;
  bool started_ = false;
  int depth_ = 0;
  size_t word_count_ = 0;
  std::vector<SqlStatement> statements_;
};

bool Has(const SqlStatement& statement, std::string_view word) {
  return std::find(statement.words.begin(), statement.words.end(), word) != statement.words.end();
}

bool StartsWith(const SqlStatement& statement, std::initializer_list<std::string_view> words) {
  if (statement.words.size() < words.size()) return false;
  return std::equal(words.begin(), words.end(), statement.words.begin());
}

}  // namespace

std::vector<SqlStatement> SplitStatements(std::string_view sql) { return Splitter(sql).Run(); }

bool IsTransactionControl(const SqlStatement& statement) {
  static const char* const kControl[] = {"BEGIN", "COMMIT",  "END",      "ROLLBACK",
                                         "ABORT", "RELEASE", "SAVEPOINT"};
  const std::string& first = statement.words.front();
  return StartsWith(statement, {"START", "TRANSACTION"}) ||
         std::any_of(std::begin(kControl), std::end(kControl),
                     [&first](const char* word) { return first == word; });
}

std::string NeedsNoTransaction(const SqlStatement& statement) {
  const std::string& first = statement.words.front();
  if (first == "VACUUM") return "VACUUM";
  if ((first == "CREATE" || first == "DROP") && Has(statement, "INDEX") &&
      Has(statement, "CONCURRENTLY")) {
    return first + " INDEX CONCURRENTLY";
  }
  if (first == "REINDEX" &&
      (Has(statement, "CONCURRENTLY") || Has(statement, "SYSTEM") || Has(statement, "DATABASE"))) {
    return "REINDEX " +
           (Has(statement, "CONCURRENTLY") ? std::string("CONCURRENTLY") : statement.words.at(1));
  }
  if (first == "ALTER" && Has(statement, "DETACH") && Has(statement, "CONCURRENTLY")) {
    return "DETACH PARTITION CONCURRENTLY";
  }
  for (const char* object : {"DATABASE", "TABLESPACE", "SUBSCRIPTION"}) {
    if ((first == "CREATE" || first == "DROP") && statement.words.size() > 1 &&
        statement.words[1] == object) {
      return first + " " + object;
    }
  }
  if (StartsWith(statement, {"ALTER", "SYSTEM"})) return "ALTER SYSTEM";
  if (first == "CLUSTER" && statement.words.size() == 1) return "CLUSTER";
  return "";
}

}  // namespace rev::engine::importers
