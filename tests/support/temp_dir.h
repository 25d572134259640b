// TempDir: a fresh folder under $TMPDIR for one test, removed with everything in it when
// the test ends.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace rev::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Writes `text` to `file`, creating its folders.
void WriteFile(const std::filesystem::path& file, const std::string& text);
// The whole content of `file` ("" when it cannot be read).
std::string ReadFile(const std::filesystem::path& file);
// The lines of `text`, without their "\n".
std::vector<std::string> SplitLines(const std::string& text);

}  // namespace rev::testing
