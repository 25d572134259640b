// The statements of a migration script, found the way SQLite and PostgreSQL read them: a ';'
// inside quotes ('..', "..", `..`), a dollar-quoted body ($$..$$, $tag$..$tag$), a comment, or
// a BEGIN ... END / CASE ... END block (a trigger's body) does not end a statement. Only as
// much lexing as import needs: where each statement is and its first words.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rev::engine::importers {

struct SqlStatement {
  size_t begin = 0;  // offset of its first character that is not space or comment
  size_t end = 0;    // one past its ';' (or the end of the script)
  int line = 1;      // 1-based line of `begin`
  // Its words outside quotes and comments, upper-cased, at most the first eight.
  std::vector<std::string> words;
};

// Every statement of `sql` holding at least one word, in order.
std::vector<SqlStatement> SplitStatements(std::string_view sql);

// Whether the statement is transaction control (BEGIN, START TRANSACTION, COMMIT, END,
// ROLLBACK, SAVEPOINT, RELEASE).
bool IsTransactionControl(const SqlStatement& statement);

// What makes PostgreSQL refuse the statement inside a transaction block ("CREATE INDEX
// CONCURRENTLY", "VACUUM", ...), or "" when it may run in one. VACUUM is refused by SQLite too.
std::string NeedsNoTransaction(const SqlStatement& statement);

}  // namespace rev::engine::importers
