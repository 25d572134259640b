#include "revisions/capped_list.h"

namespace rev::revisions {

std::vector<std::string> CappedLines(const std::vector<std::string>& items,
                                     const std::string& indent, const std::string& list_all,
                                     size_t shown) {
  std::vector<std::string> lines;
  const size_t count = items.size() <= shown ? items.size() : shown;
  lines.reserve(count + 1);
  for (size_t i = 0; i < count; ++i) lines.push_back(indent + items[i]);
  if (count < items.size()) {
    lines.push_back(indent + "\u2026 and " + std::to_string(items.size() - count) + " more (`" +
                    list_all + "` lists them all)");
  }
  return lines;
}

}  // namespace rev::revisions
