// `rev._rev`: the binding of rev.hpp for Python, with pybind11. The Python face itself
// (keyword arguments, dicts, rev.Error) is rev/__init__.py; this file only crosses over.
//
// The GIL is released while rev works, so the program's other threads go on during a
// migration; a callback takes it back to run Python. What a Python callback raises becomes
// a C++ exception here, while the GIL is held, and rev.hpp reports it in the result.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>

#include <rev.hpp>
#include <stdexcept>
#include <string>
#include <tuple>

namespace py = pybind11;

namespace {

// Text rev hands over as a Python str: bytes that are not UTF-8 (a file name's) become
// U+FFFD, as they would on a terminal, rather than an exception. REQUIRES: the GIL.
py::str Text(const std::string& text) {
  PyObject* decoded =
      PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (decoded == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(decoded);
}

// (exit code, JSON document, message): __init__.py makes a dict or a rev.Error of it.
using Triple = std::tuple<int, py::str, py::str>;

Triple TripleOf(const rev::Outcome& outcome) {
  return {outcome.code, Text(outcome.json), Text(outcome.message)};
}

const char* LevelName(rev_log_level level) {
  switch (level) {
    case REV_LOG_ERROR:
      return "error";
    case REV_LOG_WARNING:
      return "warning";
    case REV_LOG_INFO:
      break;
  }
  return "info";
}

// Calls `function` with the GIL held; what it raises leaves as a C++ exception carrying
// the Python error's text.
template <typename... Args>
void CallPython(const py::function& function, Args&&... args) {
  py::gil_scoped_acquire gil;
  try {
    function(std::forward<Args>(args)...);
  } catch (py::error_already_set& error) {
    throw std::runtime_error(error.what());
  }
}

class Core {
 public:
  Core(const std::string& config, const std::string& database, const std::string& environment)
      : project_(rev::Options().Config(config).Database(database).Environment(environment)) {}

  Triple Opened() const { return TripleOf(project_.opened()); }

  Triple Upgrade(const std::string& target) {
    return Released([&] { return project_.Upgrade(target); });
  }
  Triple Downgrade(const std::string& target) {
    return Released([&] { return project_.Downgrade(target); });
  }
  Triple Current() {
    return Released([&] { return project_.Current(); });
  }
  Triple Status() {
    return Released([&] { return project_.Status(); });
  }
  Triple Validate() {
    return Released([&] { return project_.Validate(); });
  }
  std::tuple<int, py::str, py::str, bool> Pending() {
    bool pending = false;
    Triple outcome = Released([&] { return project_.Pending(&pending); });
    return {std::get<0>(outcome), std::get<1>(outcome), std::get<2>(outcome), pending};
  }
  Triple SetLockPolicy(bool skip, double seconds) {
    return TripleOf(
        project_.SetLockPolicy(skip ? rev::LockPolicy::kSkip : rev::LockPolicy::kWait, seconds));
  }

  // None clears. The function is kept here, so it lives while the project may call it.
  void OnLog(const py::object& function) {
    log_ = function.is_none() ? py::function() : py::function(function);
    if (!log_) return project_.OnLog(nullptr);
    project_.OnLog([this](rev_log_level level, const std::string& line) {
      py::gil_scoped_acquire gil;
      CallPython(log_, LevelName(level), Text(line));
    });
  }
  void OnProgress(const py::object& function) {
    progress_ = function.is_none() ? py::function() : py::function(function);
    if (!progress_) return project_.OnProgress(nullptr);
    project_.OnProgress([this](const rev::StepProgress& step) {
      py::gil_scoped_acquire gil;
      py::dict event;
      event["revision"] = Text(step.revision);
      event["direction"] = Text(step.direction);
      event["status"] = Text(step.status);
      event["duration_ms"] = step.duration_ms;
      event["text"] = Text(step.text);
      CallPython(progress_, event);
    });
  }

 private:
  template <typename Call>
  Triple Released(Call call) {
    rev::Outcome outcome;
    {
      py::gil_scoped_release released;
      outcome = call();
    }
    return TripleOf(outcome);
  }

  rev::Project project_;
  py::function log_;
  py::function progress_;
};

}  // namespace

PYBIND11_MODULE(_rev, module) {
  module.doc() = "The binding of librev; use the `rev` package, not this module.";
  module.def("version", [] { return std::string(rev_version()); });
  py::class_<Core>(module, "Core")
      .def(py::init<const std::string&, const std::string&, const std::string&>())
      .def("opened", &Core::Opened)
      .def("upgrade", &Core::Upgrade)
      .def("downgrade", &Core::Downgrade)
      .def("current", &Core::Current)
      .def("status", &Core::Status)
      .def("validate", &Core::Validate)
      .def("pending", &Core::Pending)
      .def("set_lock_policy", &Core::SetLockPolicy)
      .def("on_log", &Core::OnLog)
      .def("on_progress", &Core::OnProgress);
}
