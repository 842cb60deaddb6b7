// The dlib side of CFaceAlign. Shared parts of the shim.
#include "Shim.hpp"
#include <dlib/revision.h>
#include <string>

namespace {
thread_local std::string lastError;
}

cfa_status cfa::fail(cfa_status status, const std::string &message) {
  lastError = message;
  return status;
}

extern "C" const char *cfa_last_error(void) { return lastError.c_str(); }

extern "C" const char *cfa_dlib_version(void) {
  static const std::string v =
      std::to_string(DLIB_MAJOR_VERSION) + "." + std::to_string(DLIB_MINOR_VERSION);
  return v.c_str();
}
