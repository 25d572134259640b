// Names for new revisions: random ids, slugs, file names from `file_template`, timestamps.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "revisions/result.h"
#include "revisions/revision_id.h"

namespace rev::revisions {

// 12 random lowercase hex digits, as Alembic's uuid4().hex[-12:].
RevisionId NewRevisionId();

// "Add users table!" → "add_users_table": lowercase letters and digits joined by '_',
// at most 40 characters (Alembic's truncate_slug_length), cut at a word boundary.
std::string Slugify(std::string_view message);

// `created_at` form: 2026-11-22T10:04:00Z.
std::string FormatUtcTimestamp(std::chrono::system_clock::time_point when);

// The file name (with `.sql`) for a new revision. `file_template` may use {rev}, {slug},
// {date} (YYYYMMDD), {time} (HHMMSS) and {message} (the message with characters that do
// not belong in a file name replaced by '_'). Fails with kInvalidInput for an unknown
// {field}, an unclosed brace, or a template without {rev} (ids must stay unique).
Result<std::string> RevisionFileName(std::string_view file_template, const RevisionId& id,
                                     std::string_view message,
                                     std::chrono::system_clock::time_point when);

}  // namespace rev::revisions
