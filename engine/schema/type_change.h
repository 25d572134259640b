// Whether changing a column's type keeps every value it can hold: the widenings a person
// expects to be safe (a longer varchar, varchar to text, int to bigint, more numeric
// digits). Any other type change is destructive.
#pragma once

#include <string>

namespace rev::engine::schema {

// Types as the catalog writes them ("character varying(20)", "INTEGER"); case-blind.
bool IsWideningTypeChange(const std::string& before, const std::string& after);

}  // namespace rev::engine::schema
