// rev(1): the man page, written from the command table (cli/command_table.h), so that it
// lists exactly the commands and options `--help` does. The build writes it into
// build/rev.1 by running `rev man` (hidden from --help).
#pragma once

#include <string>

#include "cli/command_table.h"

namespace rev::cli {

// The page in roff (man(7) macros): NAME, SYNOPSIS, DESCRIPTION, GLOBAL OPTIONS, COMMANDS
// (each with its description, positionals and options), EXIT STATUS, ENVIRONMENT, FILES.
std::string ManPage(const CommandTable& table);

}  // namespace rev::cli
