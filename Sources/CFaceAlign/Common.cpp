// The dlib side of CFaceAlign. Shared parts of the shim.
#include "cfa_common.h"
#include <dlib/revision.h>
#include <string>

extern "C" const char *cfa_dlib_version(void) {
  static const std::string v =
      std::to_string(DLIB_MAJOR_VERSION) + "." + std::to_string(DLIB_MINOR_VERSION);
  return v.c_str();
}
