// The little lexing the schema engine does on SQL the database already accepted: never
// parsing, only finding a definition's top-level parts and whether a name occurs in it.
// Quotes ('..', "..", `..`, [..]) and comments are skipped as SQLite and PostgreSQL read them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rev::engine::schema {

// `text` with every run of white space (outside quotes) made one space, trimmed.
std::string CollapseSpace(std::string_view text);

// The parts of `text` separated by `separator` at parenthesis depth 0, trimmed.
std::vector<std::string> SplitTopLevel(std::string_view text, char separator);

// The text between the first '(' and its matching ')' ("" when there is none), and where
// that ')' is (npos when none).
std::string_view ParenthesizedBody(std::string_view text, size_t* close = nullptr);

// Whether `name` occurs in `text` as a whole identifier, bare or quoted, case-blind.
bool MentionsIdentifier(std::string_view text, std::string_view name);

// The first token of `text`: an identifier, bare or quoted, unquoted.
std::string FirstIdentifier(std::string_view text);
// What follows the first token of `text` (see FirstIdentifier), trimmed at the front.
std::string_view AfterFirstIdentifier(std::string_view text);

// `text` without white space at either end.
std::string_view Trim(std::string_view text);

// ASCII lower case.
std::string Lower(std::string_view text);

}  // namespace rev::engine::schema
