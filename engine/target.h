// Targets: the strings users give to upgrade, downgrade, stamp, show and history (SPEC §2),
// parsed once into a type and resolved against the graph and the current heads.
//
//   head  heads  base  <id>  <prefix of 4+>  <label>  +N  -N  <id>+N  <id>-N
//   <label>@head  <label>@heads  <label>@base  <label>@<id>  <label>@+N  <label>@-N
//   <label>@<id>-N  START:END
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

struct HeadTarget {};   // the one head (several heads: error naming them)
struct HeadsTarget {};  // every head
struct BaseTarget {};   // before the first revision

// A revision named by id, unique id prefix, or branch label; `label` set for
// `label@head`, `label@heads`, `label@base`, `label@<id>` (then `name` is "head", "heads",
// "base" or the id). The label may also be a revision id, as in Alembic.
struct NamedTarget {
  std::optional<std::string> label;
  std::string name;
};

// `+N`, `-N` (relative to the current heads), `<anchor>+N`, `<anchor>-N`, `label@+N`,
// `label@-N`. `delta` is never 0.
struct RelativeTarget {
  std::optional<std::string> label;
  std::optional<std::string> anchor;  // an id, prefix, or "head"/"heads"/"base"
  int delta = 0;
};

struct RangeTarget;

using Target =
    std::variant<HeadTarget, HeadsTarget, BaseTarget, NamedTarget, RelativeTarget, RangeTarget>;

// `START:END` (for `--sql` and `history -r`). Either side may be empty (`:head`, `base:`),
// meaning base and heads respectively.
struct RangeTarget {
  std::optional<std::string> start;
  std::optional<std::string> end;
};

// Parses `text`. Fails with kInvalidInput saying which form was expected (the hint lists
// every form) for an empty string, a bad id or label, `+0`, a number out of range, a range
// with two ':', or `current` (the database's state, which only a command can read).
Result<Target> ParseTarget(std::string_view text);

// The text form of a target, as a user would type it.
std::string TargetToString(const Target& target);

// Resolves a non-relative, non-range target to revisions, in upgrade order (empty for base
// and label@base; `heads` is every head `rev heads` lists). Fails with kNotFound (unknown
// id or label, or a prefix under 4 characters: the hint names near ids, "did you mean";
// label@<id> with the id not on the branch) or kAmbiguous (a prefix matching several ids,
// or `head` / `label@head` while several heads exist: the message names each candidate
// with its file, the hint the fix: `rev merge heads`, `rev upgrade heads`, `label@head`);
// kInvalidInput for a relative target or a range (the planner resolves those).
Result<RevisionIds> ResolveTarget(const RevisionGraph& graph, const Target& target);

}  // namespace rev::engine
