#include "tests/support/chains.h"

#include <catch2/catch.hpp>
#include <string>

namespace rev::testing {
namespace {

std::vector<Rev> FirstOf(std::vector<Rev> chain, int count) {
  REQUIRE(count <= static_cast<int>(chain.size()));
  chain.erase(chain.begin() + count, chain.end());
  return chain;
}

}  // namespace

std::vector<Rev> TableChain(int count) {
  REQUIRE(count <= 26);
  std::vector<Rev> chain;
  for (int n = 1; n <= count; ++n) {
    std::string id(1, static_cast<char>('a' + n - 1));
    std::string table = "t" + std::to_string(n);
    chain.push_back({id, n == 1 ? Names{} : Names{chain.back().id},
                     "CREATE TABLE " + table + " (x INTEGER);", "DROP TABLE " + table + ";"});
  }
  return chain;
}

std::vector<Rev> UsersChain(int count) {
  return FirstOf(
      {{"a",
        {},
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);",
        "DROP TABLE users;"},
       {"b", {"a"}, "CREATE INDEX users_name ON users (name);", "DROP INDEX users_name;"},
       {"c",
        {"b"},
        "CREATE TABLE posts (\n  id INTEGER PRIMARY KEY,\n  user_id INTEGER REFERENCES users (id)"
        "\n);",
        "DROP TABLE posts;"},
       {"d",
        {"c"},
        "ALTER TABLE users ADD COLUMN email VARCHAR(100);",
        "ALTER TABLE users DROP COLUMN email;"}},
      count);
}

std::vector<Rev> ItemsChain(int count) {
  return FirstOf({{"a",
                   {},
                   "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);",
                   "DROP TABLE items;"},
                  {"b", {"a"}, "CREATE TABLE b_t (x INTEGER);", "DROP TABLE b_t;"},
                  {"c", {"b"}, "CREATE TABLE c_t (x INTEGER);", "DROP TABLE c_t;"},
                  {"d", {"c"}, "CREATE TABLE d_t (x INTEGER);", "DROP TABLE d_t;"}},
                 count);
}

void AddItems(const TestDatabase& db, int from, int to, const std::string& prefix) {
  for (int id = from; id <= to; ++id) {
    db.Execute("INSERT INTO items (id, name) VALUES (" + std::to_string(id) + ", '" + prefix +
               std::to_string(id) + "')");
  }
}

}  // namespace rev::testing
