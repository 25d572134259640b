// `rev history [-r START:END]`: the revisions, newest first, as Alembic's `history`.
#pragma once

#include <string>

#include "cli/command.h"

namespace rev::cli {

struct HistoryOptions {
  std::string range;  // -r START:END, START: or :END; empty: everything
};

void RegisterHistory(CLI::App& app, Action* action);

// One line per revision ("a -> b (head), message"; --verbose: blocks); JSON {"revisions"}.
// Fails with kInvalidInput for a range without ':', and as targets do for its ends.
Status RunHistory(const HistoryOptions& options, Context& context);

}  // namespace rev::cli
