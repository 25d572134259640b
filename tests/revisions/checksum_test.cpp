// Checksums exactly as SPEC §1 defines them: SHA-256 over the file's bytes with a leading
// UTF-8 BOM dropped and CRLF folded to LF; nothing else normalised.
//
// The expected digests were computed outside rev, e.g.
//   printf -- "-- revision: abc\n-- down_revision: null\n-- rev:upgrade\nSELECT 'a  b';\n" |
//   sha256sum python3 -c "import hashlib; print(hashlib.sha256(b'a\r\nb').hexdigest())"
#include "revisions/checksum.h"

#include <catch2/catch.hpp>
#include <string>

#include "tests/support/parse_revision_text.h"

namespace rev::testing {
namespace {

using revisions::Checksum;

const std::string kLf =
    "-- revision: abc\n-- down_revision: null\n-- rev:upgrade\nSELECT 'a  b';\n";
const std::string kCrlf =
    "-- revision: abc\r\n-- down_revision: null\r\n-- rev:upgrade\r\nSELECT 'a  b';\r\n";
const std::string kBom = "\xEF\xBB\xBF";

// sha256sum of kLf.
const char* const kLfDigest = "c14e72c5adc3bdfa84db768d1e819f570d8c08a6ddba127f92c518bc26bc4637";

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

TEST_CASE("checksums are the SHA-256 of the bytes", "[checksum]") {
  // sha256sum < /dev/null; printf abc | sha256sum
  CHECK(Checksum::Of("").hex() ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Checksum::Of("abc").hex() ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Checksum::Of(kLf).hex() == kLfDigest);
  CHECK(Checksum::FromHex(kLfDigest) == Checksum::Of(kLf));
  CHECK_FALSE(Checksum::Of(kLf).empty());
  CHECK(Checksum().empty());
}

TEST_CASE("a BOM and CRLF line ends do not change the checksum", "[checksum]") {
  CHECK(Checksum::Of(kBom + kLf).hex() == kLfDigest);
  CHECK(Checksum::Of(kCrlf).hex() == kLfDigest);
  CHECK(Checksum::Of(kBom + kCrlf).hex() == kLfDigest);
  // Mixed line ends fold the same way.
  CHECK(Checksum::Of(Replace(kLf, "null\n", "null\r\n")).hex() == kLfDigest);
  // The parser records the same checksum.
  CHECK(MustParse(kBom + kCrlf).revision.checksum().hex() == kLfDigest);
  CHECK(MustParse(kLf).revision.checksum() == MustParse(kCrlf).revision.checksum());
}

TEST_CASE("nothing else is normalised", "[checksum]") {
  // A lone CR is not a line end: python3 -c "...sha256(b'-- revision: abc\r--
  // down...').hexdigest()"
  CHECK(Checksum::Of(Replace(kLf, "\n", "\r")).hex() ==
        "a307637673938f54c657ceaa3260bb8dfc3ef7c2a215991e8f7bcf80f39379bf");
  // CR CR LF folds once: sha256(b'a\r\nb')
  CHECK(Checksum::Of("a\r\r\nb").hex() ==
        "18745f36a05e29072709042d6062ce54f1b08ff36c27ba80c39f81fb010c8ce2");
  // Spaces inside a string literal count: sha256 of kLf with 'a b' for 'a  b'.
  CHECK(Checksum::Of(Replace(kLf, "'a  b'", "'a b'")).hex() ==
        "9fac4996a114f341e878d2c6659d0ec2a45cd60495e6ae9251d7413c2f8010e1");
  // Joining lines or dropping the final line break counts.
  CHECK(Checksum::Of(kLf.substr(0, kLf.size() - 1)).hex() ==
        "f86230f6a5d1c4e62ce957aa33b3b96ab8f8c2637f744d05d70c5c34546426c5");
  CHECK(Checksum::Of(Replace(kLf, "null\n--", "null --")) != Checksum::Of(kLf));
  // Trailing spaces count.
  CHECK(Checksum::Of(Replace(kLf, ";\n", "; \n")) != Checksum::Of(kLf));
  // Only a leading BOM is dropped, and only one: sha256(b'\xef\xbb\xbfx'), sha256(b'x\xef\xbb\xbf')
  CHECK(Checksum::Of(kBom + kBom + "x").hex() ==
        "84144a41283d6dc344addf4e83189d83fdd656439675abf54e6f44ccb73b4eb6");
  CHECK(Checksum::Of("x" + kBom).hex() ==
        "8653ae0d85003b0652640de18765b2723f4b365be1778a7510af822ca968e173");
}

TEST_CASE("a lone CR at the very end, and CRLF at the very start", "[checksum]") {
  CHECK(Checksum::Of("abc\r") != Checksum::Of("abc"));
  CHECK(Checksum::Of("\r\nabc") == Checksum::Of("\nabc"));
  CHECK(Checksum::Of(kBom + "\r\n") == Checksum::Of("\n"));
}

}  // namespace
}  // namespace rev::testing
