// A Sqitch plan file (sqitch.plan, sqitch-plan(5)) read into values: its pragmas, and its
// changes and tags in the plan's order, each with the line it is on. Pure: text in, values
// out; what the changes' requires point at is resolved by the reader (sqitch_reader.cpp).
//
//   %syntax-version=1.0.0
//   %project=flipr
//
//   users 2013-12-30T23:19:10Z Marge N. O'Vera <marge@example.com> # Creates table users.
//   posts [users !legacy] 2013-12-30T23:20:00Z Marge N. O'Vera <marge@example.com>
//   @v1.0 2013-12-31T10:00:00Z Marge N. O'Vera <marge@example.com> # Tag v1.0.
//   users [users@v1.0] 2014-01-02T09:00:00Z Marge N. O'Vera <marge@example.com> # Reworked.
#pragma once

#include <string>
#include <vector>

#include "revisions/result.h"

namespace rev::engine::importers {

// One entry of a change's [ ... ] list: `name`, `name@tag`, `@tag`, `project:name`, a
// 40-digit change id, each optionally `!` (a conflict).
struct SqitchDependency {
  std::string text;  // as written, for messages
  bool conflict = false;
  std::string project;  // before ':', "" when none
  std::string change;   // "" for a bare `@tag` or an id
  std::string tag;      // after '@', "" when none
  std::string id;       // a change id (40 hex digits), "" when none
};

struct SqitchChange {
  std::string name;
  std::vector<SqitchDependency> dependencies;
  std::string planned_at;  // as written: 2013-12-30T23:19:10Z
  std::string planner;     // "Name <email>"
  std::string note;        // with \n, \r and \\ unescaped
  int line = 0;
  std::vector<std::string> tags;  // the tags declared on it, in order
};

struct SqitchTag {
  std::string name;  // without '@'
  int line = 0;
  size_t change_index = 0;  // the change it is declared on (the one before it)
};

struct SqitchPlan {
  std::string project;  // %project
  std::string uri;      // %uri, "" when none
  std::vector<SqitchChange> changes;
  std::vector<SqitchTag> tags;  // in the plan's order
};

// Parses a plan as Sqitch 1.x does. `file` is the plan's path as the user sees it. Fails
// with kInvalidInput at file:line, saying the fix, for a line that is no pragma, change or
// tag; a change or tag without its date or planner; a name Sqitch would refuse; a tag
// before any change or declared twice; a change planned twice without a tag between (a
// rework needs one); a plan without %project.
Result<SqitchPlan> ParseSqitchPlan(const std::string& text, const std::string& file);

}  // namespace rev::engine::importers
