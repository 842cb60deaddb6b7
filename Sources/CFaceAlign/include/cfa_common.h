// Status codes and version shared by every CFaceAlign function.
#ifndef CFA_COMMON_H
#define CFA_COMMON_H
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/// Result codes of every cfa_ function.
typedef enum {
  CFA_OK = 0,
  CFA_ERROR_FILE = 1,      ///< a model file is missing or unreadable
  CFA_ERROR_ARGUMENT = 2,  ///< a null handle, a bad size or a bad buffer
  CFA_ERROR_INTERNAL = 3,  ///< dlib threw; the message says what
} cfa_status;

/// The dlib version this shim was compiled against, e.g. "19.24".
const char *cfa_dlib_version(void);

#ifdef __cplusplus
}
#endif
#endif
