// `rev man`, hidden from --help: prints rev(1) in roff (cli/man_page.h). The build runs it
// to write build/rev.1 and build/rev.1.gz; people read the installed page with `man rev`.
#pragma once

#include "cli/command.h"

namespace rev::cli {

// `app` is the whole command line (BuildApp's); it must outlive the parse and the run.
void RegisterMan(CLI::App& app, Action* action);

}  // namespace rev::cli
