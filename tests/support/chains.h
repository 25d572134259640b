// Chains of revisions the database tests run, each declared once (revision_spec.h writes
// them into a folder):
//
//   DbProject p(kind);
//   p.Write(TableChain(3));                      // a -> b -> c
//   WriteRevisions(db.folder(), UsersChain());   // a -> b -> c -> d
#pragma once

#include <string>
#include <vector>

#include "tests/support/revision_spec.h"
#include "tests/support/test_database.h"

namespace rev::testing {

// a -> b -> ... (`count` of them, at most 26), the n-th making table t<n> and dropping it.
std::vector<Rev> TableChain(int count);

// The first `count` of: a makes `users`, b an index on users(name), c `posts` referring to
// users, d adds users.email.
std::vector<Rev> UsersChain(int count = 4);

// The first `count` of: a makes `items` (id, name: the data a backup carries), b, c and d a
// table each (b_t, c_t, d_t).
std::vector<Rev> ItemsChain(int count = 4);
// Rows `from`..`to` of `items`, each named `prefix` and its id ("n1", "n2", ...).
void AddItems(const TestDatabase& db, int from, int to, const std::string& prefix = "n");

}  // namespace rev::testing
