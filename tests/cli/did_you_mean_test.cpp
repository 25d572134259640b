// An unknown id suggests the ids that share the longest prefix with it: numeric and
// timestamp ids are common, and among them an edit distance of 1 joins unrelated revisions.
#include <catch2/catch.hpp>

#include "tests/support/exit_checks.h"
#include "tests/support/project.h"

namespace rev::testing {
namespace {

using Catch::Contains;

TEST_CASE("an unknown timestamp id suggests the ids sharing the longest prefix",
          "[cli][did-you-mean]") {
  Project p;
  p.Revision("20230115093000");
  p.Revision({"20240110120000", {"20230115093000"}});
  p.Revision({"20240115093000", {"20240110120000"}});
  p.Revision({"20240115170000", {"20240115093000"}});
  p.Revision({"20240116080000", {"20240115170000"}});
  p.Revision({"20240201090000", {"20240116080000"}});

  auto result = p.Rev({"show", "20240117"});
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err,
             Contains("no revision or branch label '20240117'") &&
                 Contains("did you mean 20240116080000, 20240115093000 or 20240115170000?"));

  // A typo in the middle of a whole id still finds it.
  auto typo = p.Rev({"upgrade", "20240115093001", "--sql"});
  REV_CHECK_EXIT(typo, 2);
  CHECK_THAT(typo.err, Contains("did you mean 20240115093000"));
}

TEST_CASE("an unknown numeric id suggests its nearest neighbours by prefix",
          "[cli][did-you-mean]") {
  Project p;
  std::string parent;
  for (int i = 1; i <= 12; ++i) {
    char id[8];
    std::snprintf(id, sizeof id, "%04d", i);
    if (parent.empty()) {
      p.Revision(id);
    } else {
      p.Revision({id, {parent}});
    }
    parent = id;
  }
  auto result = p.Rev({"show", "0013"});
  REV_CHECK_EXIT(result, 2);
  // Not 0003 (as near by edit distance, and first in order): the ids starting 001.
  CHECK_THAT(result.err, Contains("did you mean 0012, 0011 or 0010?"));
}

TEST_CASE("with no id sharing much of its prefix, a typo is still caught by edit distance",
          "[cli][did-you-mean]") {
  Project p;
  p.Revision("a1b2c3d4e5f6");
  p.Revision({"9f8e7d6c5b4a", {"a1b2c3d4e5f6"}});
  auto result = p.Rev({"show", "a1c2c3d4e5f6"});
  REV_CHECK_EXIT(result, 2);
  CHECK_THAT(result.err, Contains("did you mean a1b2c3d4e5f6?"));
}

}  // namespace
}  // namespace rev::testing
