// What a Sqitch change's [requires] point at, in the plan's own terms: which earlier change
// instance each names. Internal to the Sqitch importer (sqitch_reader.cpp).
#pragma once

#include <string>
#include <vector>

#include "engine/importers/sqitch_plan.h"
#include "revisions/notice.h"

namespace rev::engine::importers {

// Each change's key in rev: its name, or `name@TAG` for an instance the plan reworks later,
// TAG being the first tag declared at or after it — in Sqitch's own notation `name@TAG`
// names exactly that instance. Indexed like plan.changes.
std::vector<std::string> SqitchKeys(const SqitchPlan& plan);

// For an instance the plan reworks later, the tags Sqitch tries, in its order, to find the
// instance's scripts (deploy/name@TAG.sql): those declared between it and its rework, the
// latest first (what `sqitch rework` writes), then its own. Empty for any other change.
std::vector<std::string> SqitchReworkTags(const SqitchPlan& plan, size_t index);

// The keys plan.changes[index] requires, as Sqitch resolves them: `dep` is the latest
// instance of dep planned before it, `dep@tag` the instance of dep at that tag, `@tag` the
// change the tag is declared on. Conflicts (`!dep`), another project's changes
// (`other:dep`) and change ids cannot be said in rev: each becomes a notice in `notices`
// and is left out. Fails with kInvalidInput at `file`:line, naming both changes, for a
// require that names no change planned before this one (itself, a later change, an unknown
// one: what Sqitch reports as a dependency error) or a tag not declared before it.
Result<std::vector<std::string>> ResolveSqitchRequires(const SqitchPlan& plan, size_t index,
                                                       const std::vector<std::string>& keys,
                                                       const std::string& file,
                                                       std::vector<revisions::Notice>& notices);

}  // namespace rev::engine::importers
