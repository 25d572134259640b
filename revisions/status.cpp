#include "revisions/status.h"

namespace rev {

std::string SourceLocation::ToString() const {
  std::string text = file;
  if (line > 0) {
    text += ":" + std::to_string(line);
    if (column > 0) text += ":" + std::to_string(column);
  }
  return text;
}

Status Status::At(SourceLocation location) && {
  location_ = std::move(location);
  return std::move(*this);
}

Status Status::WithHint(std::string hint) && {
  hint_ = std::move(hint);
  return std::move(*this);
}

Status& Status::At(SourceLocation location) & {
  location_ = std::move(location);
  return *this;
}

Status& Status::WithHint(std::string hint) & {
  hint_ = std::move(hint);
  return *this;
}

std::string Status::ToString() const {
  if (!location_ || location_->file.empty()) return message_;
  return location_->ToString() + ": " + message_;
}

}  // namespace rev
