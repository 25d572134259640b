// Targets: the strings users give to upgrade, downgrade, stamp, show, merge and history
// (SPEC §2), parsed once, where they enter, into a value that flows on from there, and
// resolved against the graph and the current heads.
//
//   head  heads  base  <id>  <prefix of 4+>  <label>  +N  -N  <id>+N  <id>-N
//   <label>@head  <label>@heads  <label>@base  <label>@<id or prefix>  <label>@+N  <label>@-N
//   <label>@<id>-N  START:END (a TargetRange; only --sql and `history -r` take one)
//
// A bare name ending in -N or +N (`ui-2`) is a relative step from `ui`; a label with such
// a name is written `ui-2@head`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "engine/revision_graph.h"

namespace rev::engine {

enum class Keyword {
  kHead,   // the one head (several heads: an error naming them)
  kHeads,  // every head
  kBase,   // before the first revision
};

const char* KeywordName(Keyword keyword);  // "head", "heads", "base"

// `head`, `heads`, `base`; with a label, `label@head` (the branch's one head),
// `label@heads` (the heads sharing the branch's lineage), `label@base`.
struct KeywordTarget {
  Keyword keyword = Keyword::kHead;
  std::optional<std::string> label;
};

// A revision by full id, branch label (its owner) or unique id prefix of 4+ characters.
// With a label, `label@name`: the id or prefix is looked up among the revisions of that
// branch only, so a prefix ambiguous in the whole graph is fine when unique on the branch.
// The label may also be a revision id, as in Alembic.
struct NamedTarget {
  std::string name;
  std::optional<std::string> label;
};

// Where a relative step counts from: `head`, `heads`, `base` or a revision name.
using Anchor = std::variant<Keyword, std::string>;

// `+N`, `-N` (from the current heads), `<anchor>+N`, `<anchor>-N`, `label@+N`, `label@-N`,
// `label@<anchor>-N`. `delta` is never 0.
struct RelativeTarget {
  std::optional<std::string> label;
  std::optional<Anchor> anchor;
  int delta = 0;
};

using Target = std::variant<KeywordTarget, NamedTarget, RelativeTarget>;

// `START:END`. Either side may be empty (`:head`, `base:`): the start is then base, the
// end the heads.
struct TargetRange {
  std::optional<Target> start;
  std::optional<Target> end;
};

// What --sql takes: a target, or a range to plan from its start.
using TargetOrRange = std::variant<Target, TargetRange>;

bool operator==(const KeywordTarget& a, const KeywordTarget& b);
bool operator==(const NamedTarget& a, const NamedTarget& b);
bool operator==(const RelativeTarget& a, const RelativeTarget& b);
bool operator==(const TargetRange& a, const TargetRange& b);

// Parses one target. Fails with kInvalidInput saying which form was expected (the hint lists
// every form) for an empty string, a bad id or label, `+0`, a number out of range, a range
// (START:END is for --sql and `history -r`), or `current` (the database's state, which only
// a command can read).
Result<Target> ParseTarget(std::string_view text);

// Parses `START:END`. Fails as ParseTarget for either side, and with kInvalidInput when
// there is no ':' or more than one.
Result<TargetRange> ParseTargetRange(std::string_view text);

// A range when `text` holds a ':', else a target; fails as those do.
Result<TargetOrRange> ParseTargetOrRange(std::string_view text);

// The text form, as a user would type it (parsing it gives the same value back).
std::string TargetToString(const Target& target);
std::string TargetToString(const TargetRange& range);

// Whether the target counts from the current heads or an anchor (`+N`, `REV-N`, ...)
// rather than naming revisions by itself.
bool IsRelative(const Target& target);

// Resolves a target that names revisions by itself (not relative) to revisions, in
// upgrade order (empty for base and label@base; `heads` is every head `rev heads` lists).
// Fails with kNotFound (unknown id or label, or a prefix under 4 characters: the hint names
// near ids, "did you mean"; label@<id> with the id not on the branch) or kAmbiguous (a
// prefix matching several ids, a name that is one revision's label and a prefix of
// another's id, or `head` / `label@head` while several heads exist: the message names each
// candidate with its file, the hint the fix: `rev merge heads`, `rev upgrade heads`,
// `label@head`); kInvalidInput for a relative target (the planner resolves those).
Result<RevisionIds> ResolveTarget(const RevisionGraph& graph, const Target& target);

}  // namespace rev::engine
