// CappedLines: how a long list (drifted files, pending revisions) is shown to a person.
//
// A converted project can have hundreds of entries; a screenful of them hides the rest of
// the report. So text shows the first few, one per line, then how many more and the command
// that lists them all. JSON output never caps: scripts get every entry.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace rev::revisions {

// How many entries text output shows before the count.
inline constexpr size_t kCappedListShown = 10;

// The command every capped list names: `rev status -v` shows pending revisions and drift
// in full (and `rev status --json` as a document).
inline constexpr const char* kListAllCommand = "rev status -v";

// The lines to print for `items`, each prefixed with `indent`: all of them when there are
// at most `shown`, otherwise the first `shown` and then
// "<indent>… and N more (`<list_all>` lists them all)".
std::vector<std::string> CappedLines(const std::vector<std::string>& items,
                                     const std::string& indent, const std::string& list_all,
                                     size_t shown = kCappedListShown);

}  // namespace rev::revisions
